using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;

namespace Kube.PowerShell.Connection;

/// <summary>
/// One <see cref="KubeConnection"/> per kubeconfig files and context for the whole process, so
/// every command reuses the same connection pool, rate limiter and shared informers. An entry is
/// rebuilt when one of its kubeconfig files changes; the connection it replaces is closed (its
/// informers stop).
/// </summary>
public static class KubeConnectionCache
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    public static async Task<KubeConnection> GetAsync(string? kubeconfigPath, string? contextName, CancellationToken cancellationToken)
    {
        var rules = KubeconfigLoadingRules.FromEnvironment(kubeconfigPath);
        var files = rules.GetLoadingPrecedence();
        string key = string.Join("\n", files) + "\n#" + (contextName ?? "");
        var stamp = Stamp(files);

        if (Entries.TryGetValue(key, out var entry))
        {
            if (entry.Stamp == stamp) return entry.Connection;
            // The kubeconfig changed (the context may be gone, or point elsewhere): the old connection's informers
            // stop once the commands that hold them are done, even if loading the new config fails below.
            if (((ICollection<KeyValuePair<string, Entry>>)Entries).Remove(new KeyValuePair<string, Entry>(key, entry)))
                entry.Connection.Retire();
        }

        var overrides = new KubeconfigOverrides { Context = contextName };
        var config = await KubeconfigLoader.LoadRestConfigAsync(rules, overrides, cancellationToken).ConfigureAwait(false);
        var rest = RestClient.Create(config, message => RequestListenerScope.Current?.OnWarning(message));
        var connection = new KubeConnection(config, rest);
        var fresh = new Entry(connection, stamp);
        Entry? replaced = null;
        var kept = Entries.AddOrUpdate(key, fresh, (_, old) =>
        {
            if (old.Stamp == stamp) return old;
            replaced = old;
            return fresh;
        });
        if (!ReferenceEquals(kept, fresh))
        {
            // Another command made it meanwhile: use that one, with its informers.
            rest.Dispose();
            return kept.Connection;
        }
        replaced?.Connection.Retire();
        return connection;
    }

    /// <summary>Drops every cached connection and stops their informers (module removal, tests, rotated credentials).</summary>
    public static void Clear()
    {
        foreach (var key in Entries.Keys)
            if (Entries.TryRemove(key, out var entry)) _ = entry.Connection.CloseAsync().AsTask();
    }

    private static string Stamp(IReadOnlyList<string> files) =>
        string.Join("|", files.Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : "-";
        }));

    private sealed record Entry(KubeConnection Connection, string Stamp);
}

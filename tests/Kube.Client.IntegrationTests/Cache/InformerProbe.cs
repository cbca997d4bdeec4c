using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>
/// Records what an informer tells its handler (adds per UID, to catch duplicates) and compares its
/// cache with a fresh list from the server.
/// </summary>
public sealed class InformerProbe<T> : IResourceEventHandler<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _addsByUid = new(StringComparer.Ordinal);
    private readonly List<string> _events = new();

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock) return _events.ToList();
        }
    }

    /// <summary>UIDs that were added more than once (there must be none).</summary>
    public IReadOnlyList<string> DuplicateAdds
    {
        get
        {
            lock (_lock) return _addsByUid.Where(a => a.Value > 1).Select(a => $"{a.Key} added {a.Value} times").ToList();
        }
    }

    public int Adds
    {
        get
        {
            lock (_lock) return _addsByUid.Values.Sum();
        }
    }

    public bool Saw(string line)
    {
        lock (_lock) return _events.Contains(line);
    }

    public void OnAdd(T obj, bool isInInitialList)
    {
        var meta = ObjectMetaAccessor.For(obj);
        lock (_lock)
        {
            _addsByUid[meta.Uid ?? ""] = _addsByUid.TryGetValue(meta.Uid ?? "", out int n) ? n + 1 : 1;
            _events.Add($"add {meta.Name}{(isInInitialList ? " initial" : "")}");
        }
    }

    public void OnUpdate(T oldObj, T newObj)
    {
        var before = ObjectMetaAccessor.For(oldObj);
        var after = ObjectMetaAccessor.For(newObj);
        lock (_lock) _events.Add(before.ResourceVersion == after.ResourceVersion ? $"resync {after.Name}" : $"update {after.Name}");
    }

    public void OnDelete(object obj)
    {
        string line = obj is DeletedFinalStateUnknown<T> tombstone
            ? $"delete {ObjectMetaAccessor.For(tombstone.Obj).Name} tombstone"
            : $"delete {ObjectMetaAccessor.For(obj).Name}";
        lock (_lock) _events.Add(line);
    }

    /// <summary>
    /// Waits until the cache holds exactly the objects (names and resourceVersions) a fresh list
    /// returns; the timeout bounds a hang. Fails with the difference.
    /// </summary>
    public static async Task ConvergesAsync(SharedIndexInformer<T> informer, Func<CancellationToken, Task<IEnumerable<T>>> freshList, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        var clock = Stopwatch.StartNew();
        string difference = "";
        while (clock.Elapsed < limit)
        {
            try
            {
                using var request = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var expected = Describe(await freshList(request.Token));
                var actual = Describe(informer.GetIndexer().List());
                if (expected.SetEquals(actual)) return;
                difference = $"missing from the cache: [{string.Join(", ", expected.Except(actual))}]; stale or extra in the cache: [{string.Join(", ", actual.Except(expected))}]";
            }
            catch (Exception e) when (e is Kube.Client.Rest.KubeApiException or Kube.Client.Rest.KubeConnectionException or OperationCanceledException or TimeoutException)
            {
                difference = "the fresh list failed: " + e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The cache of {informer.Name} did not converge to a fresh list within {limit.TotalSeconds:0} s: {difference}; reflector: {informer.Statistics}");
    }

    private static HashSet<string> Describe(IEnumerable<T> objects) =>
        new(objects.Select(o => ObjectMetaAccessor.For(o)).Select(m => $"{m.Namespace}/{m.Name}@{m.ResourceVersion}"), StringComparer.Ordinal);
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config.Yaml;
using Kube.Client.Internal;
using YamlDotNet.RepresentationModel;

namespace Kube.Client.Config;

/// <summary>
/// Changes kubeconfig files as <c>kubectl config use-context</c> and <c>set-context</c> do:
/// an existing entry is changed in the file that defined it, a new entry and a new
/// current-context go to the default file (the explicit one, else the first existing file of
/// KUBECONFIG). Only the touched files are rewritten, atomically and under kubectl's lock file,
/// and every field that this library does not model is written back, in its order.
/// </summary>
/// <remarks>
/// Changes are queued by the methods and applied by <see cref="SaveAsync"/> to a fresh read of
/// each file taken under its lock, so a concurrent writer's changes to other entries survive.
/// YAML comments are not kept (kubectl does not keep them either).
/// </remarks>
public sealed class KubeconfigEditor
{
    private readonly List<KeyValuePair<string, Action<YamlMappingNode>>> _edits = new();

    private KubeconfigEditor(Kubeconfig config) => Config = config;

    /// <summary>The files as loaded (refreshed by <see cref="SaveAsync"/>).</summary>
    public Kubeconfig Config { get; private set; }

    /// <summary>How long <see cref="SaveAsync"/> waits for another writer's lock file to go away.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public static async Task<KubeconfigEditor> OpenAsync(KubeconfigLoadingRules? rules = null, CancellationToken cancellationToken = default) =>
        new(await KubeconfigLoader.LoadAsync(rules, cancellationToken).ConfigureAwait(false));

    /// <summary>Makes <paramref name="contextName"/> the current context (kubectl config use-context).</summary>
    public void UseContext(string contextName)
    {
        RequireName(contextName, nameof(contextName));
        if (!Config.Contexts.ContainsKey(contextName))
        {
            throw new KubeconfigException(
                $"context \"{contextName}\" not found in {Config.DescribeFiles()} ({Known(Config.Contexts.Keys)})");
        }
        if (Config.CurrentContext == contextName)
        {
            return;
        }
        Queue(Config.Rules.GetDefaultFilename(), root => YamlTreeEditor.SetScalar(root, "current-context", contextName));
    }

    /// <summary>Clears current-context in the file that sets it (kubectl config unset current-context).</summary>
    public void UnsetCurrentContext()
    {
        var source = Config.CurrentContextSource;
        if (source is not null)
        {
            Queue(source, root => YamlTreeEditor.SetScalar(root, "current-context", ""));
        }
    }

    /// <summary>
    /// Creates a context or changes the given fields of an existing one (kubectl config set-context):
    /// a null argument leaves that field as it is.
    /// </summary>
    public void SetContext(string contextName, string? cluster = null, string? user = null, string? @namespace = null)
    {
        RequireName(contextName, nameof(contextName));
        void Apply(YamlMappingNode body)
        {
            if (cluster is not null)
            {
                YamlTreeEditor.SetScalar(body, "cluster", cluster);
            }
            if (user is not null)
            {
                YamlTreeEditor.SetScalar(body, "user", user);
            }
            if (@namespace is not null)
            {
                YamlTreeEditor.SetScalar(body, "namespace", @namespace);
            }
        }

        if (Config.Contexts.TryGetValue(contextName, out var existing))
        {
            Queue(existing.SourceFile, root =>
            {
                var entry = YamlTreeEditor.FindNamed(root, "contexts", contextName)
                    ?? throw new KubeconfigException(
                        $"Kubeconfig {existing.SourceFile}: context \"{contextName}\" was removed from the file while it was being edited",
                        existing.SourceFile, $"contexts[{YamlFieldReader.Quote(contextName)}]");
                Apply(YamlTreeEditor.Body(entry, "context"));
            });
        }
        else
        {
            Queue(Config.Rules.GetDefaultFilename(), root =>
            {
                var entry = YamlTreeEditor.FindNamed(root, "contexts", contextName);
                Apply(entry is null ? YamlTreeEditor.AddNamed(root, "contexts", "context", contextName) : YamlTreeEditor.Body(entry, "context"));
            });
        }
    }

    /// <summary>Sets the default namespace of a context (kubectl config set-context NAME --namespace).</summary>
    public void SetContextNamespace(string contextName, string @namespace)
    {
        if (!Config.Contexts.ContainsKey(contextName))
        {
            throw new KubeconfigException(
                $"context \"{contextName}\" not found in {Config.DescribeFiles()} ({Known(Config.Contexts.Keys)})");
        }
        SetContext(contextName, @namespace: @namespace);
    }

    /// <summary>Removes a context from the file that defines it (kubectl config delete-context).</summary>
    public void DeleteContext(string contextName)
    {
        if (!Config.Contexts.TryGetValue(contextName, out var existing))
        {
            throw new KubeconfigException(
                $"context \"{contextName}\" not found in {Config.DescribeFiles()} ({Known(Config.Contexts.Keys)})");
        }
        Queue(existing.SourceFile, root => YamlTreeEditor.RemoveNamed(root, "contexts", contextName));
    }

    /// <summary>Writes the queued changes and reloads <see cref="Config"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(CancellationToken cancellationToken = default)
    {
        var written = new List<string>();
        foreach (var group in _edits.GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = group.Key;
            using (await AtomicFileWriter.LockAsync(path, LockTimeout, cancellationToken).ConfigureAwait(false))
            {
                string? original = File.Exists(path)
                    ? await FileText.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)
                    : null;
                var document = original is null ? KubeconfigDocument.CreateEmpty(path) : KubeconfigDocument.Parse(original, path);
                var root = document.Root;
                if (root is null)
                {
                    document = KubeconfigDocument.CreateEmpty(path);
                    root = document.Root!;
                }
                foreach (var edit in group)
                {
                    edit.Value(root);
                }
                var text = YamlTreeEditor.Serialize(document.Stream);
                if (text != original)
                {
                    await AtomicFileWriter.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
                    written.Add(path);
                }
            }
        }
        _edits.Clear();
        Config = await KubeconfigLoader.LoadAsync(Config.Rules, cancellationToken).ConfigureAwait(false);
        return written;
    }

    private void Queue(string path, Action<YamlMappingNode> edit) =>
        _edits.Add(new KeyValuePair<string, Action<YamlMappingNode>>(path, edit));

    private static void RequireName(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A context name is required.", parameter);
        }
    }

    private static string Known(IEnumerable<string> names)
    {
        var sorted = names.OrderBy(n => n, StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? "no contexts are defined" : "known contexts: " + string.Join(", ", sorted);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Kube.Client.Config;

/// <summary>
/// The merged view of one or more kubeconfig files, built by clientcmd's rules: for clusters,
/// users, contexts and extensions the first file to define a name wins, and current-context and
/// preferences come from the first file that sets them. Each entry remembers its file.
/// </summary>
public sealed class Kubeconfig
{
    private readonly Dictionary<string, KubeconfigCluster> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeconfigUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KubeconfigContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _extensions = new(StringComparer.Ordinal);

    internal Kubeconfig(KubeconfigLoadingRules rules, IReadOnlyList<KubeconfigDocument> documents)
    {
        Rules = rules;
        Documents = documents;
        foreach (var document in documents)
        {
            if (CurrentContext is null && !string.IsNullOrEmpty(document.CurrentContext))
            {
                CurrentContext = document.CurrentContext;
                CurrentContextSource = document.Path;
            }
            Preferences ??= document.Preferences;
            foreach (var cluster in document.Clusters)
            {
                AddFirst(_clusters, cluster.Name, cluster);
            }
            foreach (var user in document.Users)
            {
                AddFirst(_users, user.Name, user);
            }
            foreach (var context in document.Contexts)
            {
                AddFirst(_contexts, context.Name, context);
            }
            foreach (var extension in document.Extensions)
            {
                AddFirst(_extensions, extension.Key, extension.Value);
            }
        }
    }

    internal KubeconfigLoadingRules Rules { get; }
    internal IReadOnlyList<KubeconfigDocument> Documents { get; }

    /// <summary>The files that were read, in precedence order (missing ones excluded).</summary>
    public IReadOnlyList<string> Files => Documents.Select(d => d.Path).ToList();

    /// <summary>The files that were looked for, existing or not.</summary>
    public IReadOnlyList<string> SearchedFiles => Rules.GetLoadingPrecedence();

    public string? CurrentContext { get; }

    /// <summary>The file whose current-context won.</summary>
    public string? CurrentContextSource { get; }

    public IReadOnlyDictionary<string, KubeconfigCluster> Clusters => _clusters;
    public IReadOnlyDictionary<string, KubeconfigUser> Users => _users;
    public IReadOnlyDictionary<string, KubeconfigContext> Contexts => _contexts;
    public JsonElement? Preferences { get; }
    public IReadOnlyDictionary<string, JsonElement> Extensions => _extensions;

    /// <summary>
    /// The <see cref="RestConfig"/> of the chosen context (the override's, else current-context),
    /// after checking everything kubectl checks. Throws <see cref="KubeconfigException"/> naming
    /// the file and field at fault.
    /// </summary>
    public RestConfig CreateRestConfig(KubeconfigOverrides? overrides = null) =>
        new KubeconfigRestConfigBuilder(this, overrides ?? new KubeconfigOverrides()).Build();

    /// <summary>The loaded files joined as in KUBECONFIG, for messages.</summary>
    internal string DescribeFiles() =>
        Documents.Count > 0
            ? string.Join(Path.PathSeparator.ToString(), Documents.Select(d => d.Path))
            : Rules.Describe();

    public override string ToString() =>
        $"Kubeconfig {DescribeFiles()} (current-context {CurrentContext ?? "<none>"}, {_contexts.Count} contexts)";

    private static void AddFirst<T>(Dictionary<string, T> map, string key, T value)
    {
        if (!map.ContainsKey(key))
        {
            map.Add(key, value);
        }
    }
}

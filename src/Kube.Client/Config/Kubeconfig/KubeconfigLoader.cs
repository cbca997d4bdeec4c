using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;

namespace Kube.Client.Config;

/// <summary>
/// Loads kubeconfig files as kubectl does (client-go's clientcmd): the KUBECONFIG list merged
/// first-wins, or one explicit file, and builds the <see cref="RestConfig"/> of a context.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>Reads and merges the files named by <paramref name="rules"/> (default: the environment's).</summary>
    public static async Task<Kubeconfig> LoadAsync(KubeconfigLoadingRules? rules = null, CancellationToken cancellationToken = default)
    {
        rules ??= KubeconfigLoadingRules.FromEnvironment();
        var documents = new List<KubeconfigDocument>();
        foreach (var path in rules.GetLoadingPrecedence())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Exists(path, rules))
            {
                continue;
            }
            string text;
            try
            {
                text = await FileText.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubeconfigException($"Kubeconfig {path}: cannot be read: {e.Message}", path, null, null, null, e);
            }
            documents.Add(KubeconfigDocument.Parse(text, path));
        }
        return new Kubeconfig(rules, documents);
    }

    /// <summary>Synchronous <see cref="LoadAsync"/>, for callers that cannot await (argument completers).</summary>
    public static Kubeconfig Load(KubeconfigLoadingRules? rules = null)
    {
        rules ??= KubeconfigLoadingRules.FromEnvironment();
        var documents = new List<KubeconfigDocument>();
        foreach (var path in rules.GetLoadingPrecedence())
        {
            if (!Exists(path, rules))
            {
                continue;
            }
            string text;
            try
            {
                text = FileText.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubeconfigException($"Kubeconfig {path}: cannot be read: {e.Message}", path, null, null, null, e);
            }
            documents.Add(KubeconfigDocument.Parse(text, path));
        }
        return new Kubeconfig(rules, documents);
    }

    /// <summary>Loads exactly one file, which must exist (kubectl's <c>--kubeconfig</c>).</summary>
    public static Task<Kubeconfig> LoadFileAsync(string path, CancellationToken cancellationToken = default) =>
        LoadAsync(KubeconfigLoadingRules.ForFile(path), cancellationToken);

    /// <summary>
    /// Parses kubeconfig text. <paramref name="sourcePath"/> names it in errors, and relative paths
    /// in it resolve against its folder.
    /// </summary>
    public static Kubeconfig Parse(string yaml, string sourcePath)
    {
        var full = Path.GetFullPath(sourcePath);
        return new Kubeconfig(KubeconfigLoadingRules.ForFile(full), new[] { KubeconfigDocument.Parse(yaml, full) });
    }

    /// <summary>
    /// The <see cref="RestConfig"/> that kubectl would use: the chosen context of the merged files.
    /// When no kubeconfig file exists, nothing is overridden and the process runs in a pod, the
    /// in-cluster config is returned instead, as client-go's deferred loading does.
    /// </summary>
    public static async Task<RestConfig> LoadRestConfigAsync(KubeconfigLoadingRules? rules = null,
        KubeconfigOverrides? overrides = null, CancellationToken cancellationToken = default)
    {
        rules ??= KubeconfigLoadingRules.FromEnvironment();
        var config = await LoadAsync(rules, cancellationToken).ConfigureAwait(false);
        if (config.Documents.Count == 0 && !rules.IsExplicit && (overrides is null || overrides.IsEmpty) &&
            rules.InClusterFallback is { } inCluster && InClusterConfig.IsInCluster(inCluster))
        {
            return await InClusterConfig.CreateAsync(inCluster, cancellationToken).ConfigureAwait(false);
        }
        return config.CreateRestConfig(overrides);
    }

    private static bool Exists(string path, KubeconfigLoadingRules rules)
    {
        if (File.Exists(path))
        {
            return true;
        }
        if (Directory.Exists(path))
        {
            throw new KubeconfigException($"Kubeconfig {path}: is a folder, not a file", path);
        }
        if (rules.IsExplicit)
        {
            throw new KubeconfigException($"Kubeconfig {path}: file does not exist", path);
        }
        return false;
    }
}

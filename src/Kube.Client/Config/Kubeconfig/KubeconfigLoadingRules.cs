using System;
using System.Collections.Generic;
using System.IO;

namespace Kube.Client.Config;

/// <summary>
/// Which kubeconfig files to read, as kubectl decides (client-go's ClientConfigLoadingRules): an
/// explicit path (like <c>--kubeconfig</c>) alone when given; otherwise the <c>KUBECONFIG</c> list,
/// split on <see cref="Path.PathSeparator"/>, or <c>~/.kube/config</c> when the list is empty.
/// </summary>
public sealed class KubeconfigLoadingRules
{
    public const string EnvironmentVariable = "KUBECONFIG";

    /// <summary>A file that must exist and is the only one read (kubectl's <c>--kubeconfig</c>).</summary>
    public string? ExplicitPath { get; set; }

    /// <summary>Files merged in order, the first to set a value winning; missing ones are skipped.</summary>
    public IList<string> Precedence { get; set; } = new List<string>();

    public bool IsExplicit => !string.IsNullOrEmpty(ExplicitPath);

    /// <summary>
    /// Where to look for a pod's service account when no kubeconfig file exists (see
    /// <see cref="KubeconfigLoader.LoadRestConfigAsync"/>); null turns the fallback off.
    /// </summary>
    public InClusterOptions? InClusterFallback { get; set; } = new();

    /// <summary>Rules from the environment: <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public static KubeconfigLoadingRules FromEnvironment(string? explicitPath = null, Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var rules = new KubeconfigLoadingRules
        {
            ExplicitPath = string.IsNullOrEmpty(explicitPath) ? null : Path.GetFullPath(explicitPath),
        };
        var list = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(list))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                var trimmed = item.Trim();
                if (trimmed.Length > 0 && seen.Add(Path.GetFullPath(trimmed)))
                {
                    rules.Precedence.Add(Path.GetFullPath(trimmed));
                }
            }
        }
        if (rules.Precedence.Count == 0)
        {
            rules.Precedence.Add(DefaultPath(getEnvironmentVariable));
        }
        return rules;
    }

    /// <summary>Rules that read exactly one file.</summary>
    public static KubeconfigLoadingRules ForFile(string path) => new() { ExplicitPath = Path.GetFullPath(path) };

    /// <summary><c>~/.kube/config</c>, with the home folder taken as client-go does on each system.</summary>
    public static string DefaultPath(Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        return Path.Combine(HomeDirectory(getEnvironmentVariable), ".kube", "config");
    }

    /// <summary>The files that will be read, in order.</summary>
    public IReadOnlyList<string> GetLoadingPrecedence() =>
        IsExplicit ? new[] { ExplicitPath! } : new List<string>(Precedence);

    /// <summary>
    /// Where new entries and a new current-context are written (client-go's GetDefaultFilename):
    /// the explicit file, else the first existing file of the list, else the first of the list.
    /// </summary>
    public string GetDefaultFilename()
    {
        if (IsExplicit)
        {
            return ExplicitPath!;
        }
        foreach (var path in Precedence)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }
        return Precedence.Count > 0 ? Precedence[0] : DefaultPath();
    }

    /// <summary>The list as it would appear in KUBECONFIG, for messages.</summary>
    public string Describe() => string.Join(Path.PathSeparator.ToString(), GetLoadingPrecedence());

    private static string HomeDirectory(Func<string, string?> env)
    {
        var home = env("HOME");
        if (IsWindows())
        {
            // Like client-go on Windows: HOME if it holds a .kube folder, else USERPROFILE, else HOMEDRIVE+HOMEPATH.
            var profile = env("USERPROFILE");
            var drivePath = env("HOMEDRIVE") + env("HOMEPATH");
            foreach (var candidate in new[] { home, profile, drivePath })
            {
                if (!string.IsNullOrEmpty(candidate) && Directory.Exists(Path.Combine(candidate!, ".kube")))
                {
                    return candidate!;
                }
            }
            if (!string.IsNullOrEmpty(profile))
            {
                return profile!;
            }
        }
        if (!string.IsNullOrEmpty(home))
        {
            return home!;
        }
        return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }

    private static bool IsWindows() =>
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
}

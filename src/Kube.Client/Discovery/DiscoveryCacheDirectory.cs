using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Kube.Client.Discovery;

/// <summary>
/// Where kubectl keeps discovery: <c>~/.kube/cache/discovery/&lt;host_port&gt;</c> (the parent is
/// <c>$KUBECACHEDIR</c> when set). Using the same folder lets kubectl and Kube.PowerShell share it.
/// </summary>
public static class DiscoveryCacheDirectory
{
    /// <summary>$KUBECACHEDIR/discovery, else ~/.kube/cache/discovery.</summary>
    public static string DefaultRoot
    {
        get
        {
            var cacheDir = Environment.GetEnvironmentVariable("KUBECACHEDIR");
            if (string.IsNullOrEmpty(cacheDir))
                cacheDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "cache");
            return Path.Combine(cacheDir, "discovery");
        }
    }

    /// <summary>
    /// The folder for the server at <paramref name="host"/> under <paramref name="root"/>
    /// (default <see cref="DefaultRoot"/>): "https://127.0.0.1:16443" becomes "127.0.0.1_16443".
    /// </summary>
    public static string ForServer(Uri host, string? root = null)
    {
        if (host is null) throw new ArgumentNullException(nameof(host));
        var segments = SafeHostPath(host.OriginalString).Split('/').Where(s => s.Length > 0 && s != "." && s != "..").ToArray();
        if (segments.Length == 0) throw new ArgumentException($"Server URL '{host}' names no host.", nameof(host));
        return Path.Combine(new[] { root ?? DefaultRoot }.Concat(segments).ToArray());
    }

    /// <summary>
    /// kubectl's folder name for a server: the URL without its scheme, with every character
    /// other than ASCII letters, digits, '_', '/', '.', '(' and ')' replaced by '_'.
    /// </summary>
    internal static string SafeHostPath(string host)
    {
        string schemeless = RemoveFirst(RemoveFirst(host, "https://"), "http://");
        var safe = new StringBuilder(schemeless.Length);
        foreach (char c in schemeless)
        {
            bool keep = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '/' or '.' or '(' or ')';
            safe.Append(keep ? c : '_');
        }
        return safe.ToString();
    }

    private static string RemoveFirst(string s, string what)
    {
        int at = s.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? s : s.Remove(at, what.Length);
    }
}

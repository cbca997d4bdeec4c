using Kube.Client.Schema;

namespace Kube.Client.Mapping;

/// <summary>
/// kubectl's readings of a resource argument: "resource", "resource.group" and
/// "resource.version.group" (apimachinery's ParseResourceArg and ParseKindArg). A name with two
/// or more dots is read both ways, since "deployment.v1.apps" and "certificates.cert-manager.io"
/// look alike; the mapper tries the fully specified reading first.
/// </summary>
internal static class ResourceArgument
{
    /// <summary>The fully specified reading (null unless there are at least two dots) and the group/resource reading.</summary>
    public static (GroupVersionResource? Full, GroupResource Partial) ParseResource(string arg)
    {
        GroupVersionResource? full = null;
        if (CountDots(arg) >= 2)
        {
            var parts = arg.Split(new[] { '.' }, 3);
            full = new GroupVersionResource(parts[2], parts[1], parts[0]);
        }
        int dot = arg.IndexOf('.');
        var partial = dot < 0 ? new GroupResource("", arg) : new GroupResource(arg.Substring(dot + 1), arg.Substring(0, dot));
        return (full, partial);
    }

    public static (GroupVersionKind? Full, GroupKind Partial) ParseKind(string arg)
    {
        var (full, partial) = ParseResource(arg);
        return (full is { } f ? new GroupVersionKind(f.Group, f.Version, f.Resource) : null, new GroupKind(partial.Group, partial.Resource));
    }

    private static int CountDots(string s)
    {
        int n = 0;
        foreach (char c in s)
            if (c == '.') n++;
        return n;
    }
}

using System;

namespace Kube.Generator.Planning;

/// <summary>
/// A resource path split into its parts: /api/v1/namespaces/{namespace}/pods/{name}/status →
/// group "", version v1, namespaced, plural pods, a name, subresource status.
/// </summary>
public sealed record ResourcePath(string Group, string Version, bool Namespaced, string Plural, bool HasName, string? Subresource)
{
    public static bool TryParse(string path, out ResourcePath parsed)
    {
        parsed = null!;
        string[] segments = path.Trim('/').Split('/');
        string group, version;
        int next;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, next) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, next) = (segments[1], segments[2], 3);
        }
        else
        {
            return false;
        }

        if (segments[next] == "watch") next++;
        bool namespaced = false;
        if (segments.Length - next >= 3 && segments[next] == "namespaces" && segments[next + 1] == "{namespace}")
        {
            namespaced = true;
            next += 2;
        }
        if (next >= segments.Length || segments[next].Contains('{')) return false;
        string plural = segments[next++];

        bool hasName = false;
        if (next < segments.Length)
        {
            if (segments[next] != "{name}") return false;
            hasName = true;
            next++;
        }
        string? subresource = next < segments.Length ? string.Join("/", segments, next, segments.Length - next) : null;
        parsed = new ResourcePath(group, version, namespaced, plural, hasName, subresource);
        return true;
    }
}

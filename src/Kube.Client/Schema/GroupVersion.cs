using System;

namespace Kube.Client.Schema;

/// <summary>An API group and version; the core group is the empty string.</summary>
public readonly record struct GroupVersion(string Group, string Version)
{
    /// <summary>"v1" for the core group, "apps/v1" otherwise: the apiVersion field's form.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>"/api/v1" for the core group, "/apis/apps/v1" otherwise.</summary>
    public string Path => Group.Length == 0 ? "/api/" + Version : "/apis/" + Group + "/" + Version;

    public static GroupVersion Parse(string apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion)) throw new ArgumentException("apiVersion is empty; expected 'v1' or 'group/version'.", nameof(apiVersion));
        int slash = apiVersion.IndexOf('/');
        if (slash < 0) return new GroupVersion("", apiVersion);
        if (slash == 0 || slash == apiVersion.Length - 1 || apiVersion.IndexOf('/', slash + 1) >= 0)
            throw new FormatException($"apiVersion '{apiVersion}' is not of the form 'v1' or 'group/version'.");
        return new GroupVersion(apiVersion.Substring(0, slash), apiVersion.Substring(slash + 1));
    }

    public GroupVersionKind WithKind(string kind) => new(Group, Version, kind);
    public GroupVersionResource WithResource(string resource) => new(Group, Version, resource);

    public override string ToString() => ApiVersion;
}

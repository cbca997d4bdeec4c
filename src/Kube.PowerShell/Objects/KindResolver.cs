using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Mapping;
using Kube.Client.Schema;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Objects;

/// <summary>
/// Turns what a user types for -Kind (and optionally -ApiVersion) into a REST mapping, the way
/// kubectl reads its resource argument: "po", "pods", "Pod", "deploy", "deployments.apps",
/// "deployment.v1.apps", a CRD's plural, singular, kind or short name.
/// </summary>
public static class KindResolver
{
    /// <exception cref="NoMatchException">No served resource matches; the exception carries close names.</exception>
    public static Task<RestMapping> ResolveAsync(KubeConnection connection, string kind, string? apiVersion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(kind))
            throw new ArgumentException("-Kind is empty; expected a kind or resource name such as 'Pod', 'pods', 'deploy' or 'widgets.example.com'.", nameof(kind));
        if (string.IsNullOrWhiteSpace(apiVersion))
            return connection.Mapper.MappingForAsync(kind, cancellationToken);

        var groupVersion = GroupVersion.Parse(apiVersion!);
        return ResolveInVersionAsync(connection, kind, groupVersion, cancellationToken);
    }

    /// <summary>The mapping of an object's own apiVersion and kind, as written in a manifest.</summary>
    public static Task<RestMapping> ResolveAsync(KubeConnection connection, GroupVersionKind kind, CancellationToken cancellationToken) =>
        connection.Mapper.MappingForAsync(kind, cancellationToken);

    private static async Task<RestMapping> ResolveInVersionAsync(KubeConnection connection, string kind, GroupVersion groupVersion, CancellationToken cancellationToken)
    {
        // -Kind may be a kind ("Deployment") or any resource name ("deploy"); find the group
        // and kind it names, then ask for it at the version the user wants.
        var mapping = await connection.Mapper.MappingForAsync(WithGroup(kind, groupVersion.Group), cancellationToken).ConfigureAwait(false);
        return await connection.Mapper.MappingForAsync(groupVersion.WithKind(mapping.GroupVersionKind.Kind), cancellationToken).ConfigureAwait(false);
    }

    private static string WithGroup(string kind, string group) =>
        group.Length == 0 || kind.IndexOf('.') >= 0 ? kind : kind + "." + group;
}

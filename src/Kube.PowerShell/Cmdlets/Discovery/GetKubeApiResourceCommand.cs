using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Discovery;

/// <summary>
/// <para type="synopsis">Gets the resources the server serves, as kubectl api-resources lists them.</para>
/// <para type="description">Each resource once, at its group's preferred version, sorted by group then name.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeApiResource")]
[OutputType(typeof(APIResourceInfo))]
public sealed class GetKubeApiResourceCommand : KubeClusterCmdlet
{
    /// <summary>Resource names to show: the plural, singular or a short name, or the kind; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only resources of this API group ("" for the core group), as kubectl --api-group.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? ApiGroup { get; set; }

    /// <summary>-Namespaced: namespaced resources only; -Namespaced:$false: cluster-scoped ones only.</summary>
    [Parameter]
    public SwitchParameter Namespaced { get; set; }

    /// <summary>Only resources that support all these verbs (get, list, watch, create...).</summary>
    [Parameter]
    public string[]? Verb { get; set; }

    /// <summary>Only resources in one of these categories ("all"...).</summary>
    [Parameter]
    public string[]? Category { get; set; }

    /// <summary>Answer from the discovery cache when it is fresh instead of asking the server again.</summary>
    [Parameter]
    public SwitchParameter Cached { get; set; }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        // Like kubectl: fresh from the server unless -Cached, and the mapper sees the same data.
        // RefreshAsync rather than Reset: a mapper snapshot built later from this (by then older)
        // answer would not refresh on a miss, and a CRD made after it would stay unknown.
        if (!Cached.IsPresent) await connection.Mapper.RefreshAsync(cancellationToken);
        var discovered = await connection.Discovery.ServerPreferredResourcesAsync(cancellationToken);
        foreach (var failed in discovered.FailedGroupVersions)
            WriteWarning($"Discovery of {failed.Key.ApiVersion} failed, so its resources are missing: {failed.Value.Message}");

        var filter = new ApiResourceFilter
        {
            Name = NamePatterns.Matcher(Name),
            ApiGroup = ApiGroup,
            Namespaced = MyInvocation.BoundParameters.ContainsKey(nameof(Namespaced)) ? Namespaced.IsPresent : null,
            Verbs = Verb,
            Categories = Category,
        };
        foreach (var resource in filter.Apply(discovered.Resources)) WriteObject(resource);
    }
}

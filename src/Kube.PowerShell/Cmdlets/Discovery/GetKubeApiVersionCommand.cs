using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Cmdlets.Discovery;

/// <summary>
/// <para type="synopsis">Gets the API versions the server serves ("v1", "apps/v1"...), as kubectl api-versions lists them.</para>
/// <para type="description">One string per group version, sorted.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubeApiVersion")]
[OutputType(typeof(string))]
public sealed class GetKubeApiVersionCommand : KubeClusterCmdlet
{
    /// <summary>Answer from the discovery cache when it is fresh instead of asking the server again.</summary>
    [Parameter]
    public SwitchParameter Cached { get; set; }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        // RefreshAsync rather than Reset: a mapper snapshot built later from this (by then older)
        // answer would not refresh on a miss, and a CRD made after it would stay unknown.
        if (!Cached.IsPresent) await connection.Mapper.RefreshAsync(cancellationToken);
        var groups = await connection.Discovery.ServerGroupsAsync(cancellationToken);
        var versions = (groups.Groups ?? new System.Collections.Generic.List<APIGroup>())
            .SelectMany(g => g.Versions ?? new System.Collections.Generic.List<GroupVersionForDiscovery>())
            .Select(v => v.GroupVersion)
            .Where(v => !string.IsNullOrEmpty(v))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(v => v, StringComparer.Ordinal);
        foreach (var version in versions) WriteObject(version);
    }
}

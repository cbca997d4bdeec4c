using System;
using System.Linq;
using System.Management.Automation;

namespace Kube.PowerShell.Cmdlets.PortForward;

/// <summary>
/// <para type="synopsis">Gets the background port-forwards of this session.</para>
/// <para type="description">Lists what Start-KubePortForward started and Stop-KubePortForward has not stopped, with their connections and recent errors.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "KubePortForward")]
[OutputType(typeof(KubePortForward))]
public sealed class GetKubePortForwardCommand : PSCmdlet
{
    /// <summary>Only the forwards with these Ids.</summary>
    [Parameter(Position = 0)]
    public int[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var forward in PortForwardRegistry.Current.All().OrderBy(f => f.Id))
            if (Id is null || Id.Contains(forward.Id)) WriteObject(forward);
    }
}

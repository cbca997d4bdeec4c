using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.PowerShell.Async;

namespace Kube.PowerShell.Cmdlets.PortForward;

/// <summary>
/// <para type="synopsis">Stops port-forwards that Start-KubePortForward started in the background.</para>
/// <para type="description">Closes the local listeners and every connection being forwarded, at once.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "KubePortForward", DefaultParameterSetName = ByObject, SupportsShouldProcess = true)]
[OutputType(typeof(KubePortForward))]
public sealed class StopKubePortForwardCommand : AsyncCmdlet
{
    private const string ByObject = "InputObject";
    private const string ById = "Id";
    private const string AllSet = "All";

    /// <summary>Forwards to stop, from Start-KubePortForward or Get-KubePortForward.</summary>
    [Parameter(Mandatory = true, HelpMessage = "The port-forwards to stop, as Start- or Get-KubePortForward returned them.", Position = 0, ValueFromPipeline = true, ParameterSetName = ByObject)]
    public KubePortForward[] InputObject { get; set; } = Array.Empty<KubePortForward>();

    /// <summary>The Ids of the forwards to stop.</summary>
    [Parameter(Mandatory = true, HelpMessage = "The ids of the port-forwards to stop.", ParameterSetName = ById)]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>Stop every forward of this session.</summary>
    [Parameter(Mandatory = true, HelpMessage = "Stops every port-forward of this session.", ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Write the stopped forwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        var registry = PortForwardRegistry.Current;
        IEnumerable<KubePortForward> forwards = ParameterSetName switch
        {
            ByObject => InputObject,
            ById => Lookup(registry),
            _ => registry.All(),
        };
        foreach (var forward in forwards)
        {
            if (!ShouldProcess($"port-forward {forward.Id}: local port {forward.LocalPort} to pod {forward.Namespace}/{forward.Pod} port {forward.RemotePort}", "Stop")) continue;
            await forward.StopAsync();
            registry.Remove(forward);
            if (PassThru.IsPresent) WriteObject(forward);
        }
    }

    private IEnumerable<KubePortForward> Lookup(PortForwardRegistry registry)
    {
        var all = registry.All();
        foreach (int id in Id)
        {
            var found = all.FirstOrDefault(f => f.Id == id);
            if (found is null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"There is no port-forward with Id {id} in this session; Get-KubePortForward lists them."),
                    "PortForwardNotFound", ErrorCategory.ObjectNotFound, id));
                continue;
            }
            yield return found;
        }
    }
}

using System.Management.Automation;
using Kube.PowerShell.Cmdlets.Apply;

namespace Kube.PowerShell.Formatting;

/// <summary>Columns of the apply result table, as kubectl words them: "created", "unchanged (server dry run)".</summary>
public static class ApplyResultView
{
    public static string Action(object result)
    {
        if (result is PSObject pso) result = pso.BaseObject;
        if (result is not KubeApplyResult r) return "";
        return r.Action.ToString().ToLowerInvariant() + (r.DryRun ? " (server dry run)" : "");
    }
}

using Kube.Client.Apply;

namespace Kube.PowerShell.Cmdlets.Apply;

/// <summary>What Invoke-KubeApply did to one object.</summary>
public sealed class KubeApplyResult
{
    public KubeApplyResult(string kind, string name, string? @namespace, ApplyAction action, object obj, bool dryRun, string? source)
    {
        Kind = kind;
        Name = name;
        Namespace = @namespace;
        Action = action;
        Object = obj;
        DryRun = dryRun;
        Source = source;
    }

    public string Kind { get; }

    public string Name { get; }

    /// <summary>Null for a cluster-scoped object.</summary>
    public string? Namespace { get; }

    /// <summary>Created, Configured or Unchanged.</summary>
    public ApplyAction Action { get; }

    /// <summary>The object as the server returned it: the typed model when one exists, else an Unstructured object.</summary>
    public object Object { get; }

    /// <summary>True when the server only checked the apply (-DryRun) and stored nothing.</summary>
    public bool DryRun { get; }

    /// <summary>Where the object came from ("app.yaml, document 2 (line 14)", "pipeline input 1"); null when not from text.</summary>
    public string? Source { get; }

    public override string ToString() =>
        $"{Kind}/{Name} {Action.ToString().ToLowerInvariant()}" + (DryRun ? " (server dry run)" : "");
}

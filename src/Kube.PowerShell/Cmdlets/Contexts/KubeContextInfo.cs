namespace Kube.PowerShell.Cmdlets.Contexts;

/// <summary>One kubeconfig context as Get-KubeContext shows it.</summary>
public sealed class KubeContextInfo
{
    public string Name { get; set; } = "";
    /// <summary>True for the context commands use now (the session's choice, else the file's current-context).</summary>
    public bool IsCurrent { get; set; }
    public string? Cluster { get; set; }
    public string? User { get; set; }
    /// <summary>The namespace commands use in this context (the session's choice, else the file's, else "default").</summary>
    public string Namespace { get; set; } = "default";
    public string? Server { get; set; }
    /// <summary>The file that defines the context.</summary>
    public string? Source { get; set; }

    public override string ToString() => Name;
}

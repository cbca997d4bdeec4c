namespace Kube.PowerShell.Connection;

/// <summary>One shared informer of <see cref="ContextInformers"/> as it stands: what it holds, how many commands hold it, and its requests so far.</summary>
public sealed class InformerUse
{
    internal InformerUse(string name, int leases, long lists, long watches)
    {
        Name = name;
        Leases = leases;
        Lists = lists;
        Watches = watches;
    }

    /// <summary>The resource and scope: "v1/configmaps in namespace team-a fields \"metadata.name=x\"".</summary>
    public string Name { get; }

    /// <summary>Commands holding it now; 0 for an informer kept warm until it idles out.</summary>
    public int Leases { get; }

    /// <summary>Lists so far (1 after the first list; more after watch failures that needed a relist).</summary>
    public long Lists { get; }

    /// <summary>Watches started so far.</summary>
    public long Watches { get; }

    public override string ToString() => $"{Name}: {Leases} lease(s), {Lists} list(s), {Watches} watch(es)";
}

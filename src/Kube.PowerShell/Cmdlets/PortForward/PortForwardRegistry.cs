using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.PowerShell.Cmdlets.PortForward;

/// <summary>
/// The background port-forwards of one PowerShell session (runspace); when the runspace closes,
/// they stop, so none outlives the session that started it.
/// </summary>
internal sealed class PortForwardRegistry
{
    private static readonly ConditionalWeakTable<Runspace, PortForwardRegistry> ByRunspace = new();
    private static readonly PortForwardRegistry Detached = new(null);
    private static int _nextId;

    private readonly object _lock = new();
    private readonly List<KubePortForward> _forwards = new();

    private PortForwardRegistry(Runspace? runspace)
    {
        if (runspace is not null) runspace.StateChanged += OnStateChanged;
    }

    public static PortForwardRegistry Current =>
        Runspace.DefaultRunspace is { } runspace ? ByRunspace.GetValue(runspace, r => new PortForwardRegistry(r)) : Detached;

    public static int NextId() => Interlocked.Increment(ref _nextId);

    public void Add(KubePortForward forward)
    {
        lock (_lock) _forwards.Add(forward);
    }

    public void Remove(KubePortForward forward)
    {
        lock (_lock) _forwards.Remove(forward);
    }

    public IReadOnlyList<KubePortForward> All()
    {
        lock (_lock) return _forwards.ToList();
    }

    private void OnStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (e.RunspaceStateInfo.State is not (RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)) return;
        List<KubePortForward> all;
        lock (_lock)
        {
            all = _forwards.ToList();
            _forwards.Clear();
        }
        // Closing the listeners and connections is prompt; waiting here would hold the runspace.
        foreach (var forward in all) _ = Task.Run(forward.StopAsync);
    }
}

using System.Collections.Generic;
using Kube.Client.Rest;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>Collects the warnings and traces of the requests made while it is pushed.</summary>
public sealed class RecordingListener : IRequestListener
{
    private readonly List<string> _warnings = new();
    private readonly List<string> _traces = new();

    public bool TraceEnabled { get; set; }

    public IReadOnlyList<string> Warnings
    {
        get { lock (_warnings) return _warnings.ToArray(); }
    }

    public IReadOnlyList<string> Traces
    {
        get { lock (_traces) return _traces.ToArray(); }
    }

    public void OnWarning(string message)
    {
        lock (_warnings) _warnings.Add(message);
    }

    public void OnTrace(string message)
    {
        lock (_traces) _traces.Add(message);
    }
}

using System.Collections.Generic;
using Kube.Client.Rest;

namespace Kube.Client.Tests.Fakes;

public sealed class RecordingListener : IRequestListener
{
    public List<string> Warnings { get; } = new();
    public List<string> Traces { get; } = new();
    public bool TraceEnabled { get; set; } = true;
    public void OnWarning(string message) { lock (Warnings) Warnings.Add(message); }
    public void OnTrace(string message) { lock (Traces) Traces.Add(message); }
}

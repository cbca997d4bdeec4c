using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Streams.PortForward;

namespace Kube.PowerShell.Cmdlets.PortForward;

/// <summary>
/// A port-forward started by Start-KubePortForward: one local port to one port of a pod. It runs in
/// the background until Stop-KubePortForward, or until the PowerShell session ends.
/// </summary>
public sealed class KubePortForward
{
    internal KubePortForward(int id, string? context, string target, PortForwarder forwarder)
    {
        Id = id;
        Context = context;
        Target = target;
        Forwarder = forwarder;
        Started = DateTimeOffset.Now;
    }

    /// <summary>A number for Stop-KubePortForward -Id, unique in the session.</summary>
    public int Id { get; }

    public string? Context { get; }

    /// <summary>What was asked for: a pod name, or TYPE/NAME such as svc/web.</summary>
    public string Target { get; }

    public string Namespace => Forwarder.Namespace;

    /// <summary>The pod the port goes to.</summary>
    public string Pod => Forwarder.Pod;

    public int LocalPort => Forwarder.Ports[0].LocalPort;

    public int RemotePort => Forwarder.Ports[0].RemotePort;

    /// <summary>The local addresses it listens on.</summary>
    public IReadOnlyList<string> Address => Forwarder.Ports[0].Addresses.Select(a => a.ToString()).ToList();

    /// <summary>Running, or Stopped.</summary>
    public string State => Forwarder.IsRunning ? "Running" : "Stopped";

    /// <summary>Connections being forwarded now.</summary>
    public int Connections => Forwarder.ActiveConnections;

    public long TotalConnections => Forwarder.TotalConnections;

    public long BytesSent => Forwarder.BytesSent;

    public long BytesReceived => Forwarder.BytesReceived;

    /// <summary>The last connections that failed, with why.</summary>
    public IReadOnlyList<PortForwardError> Errors => Forwarder.RecentErrors;

    public DateTimeOffset Started { get; }

    internal PortForwarder Forwarder { get; }

    internal Task StopAsync() => Forwarder.StopAsync();

    public override string ToString() => $"{Target} {LocalPort}:{RemotePort} ({State})";
}

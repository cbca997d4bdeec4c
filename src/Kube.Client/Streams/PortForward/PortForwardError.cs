using System;

namespace Kube.Client.Streams.PortForward;

/// <summary>One forwarded connection that failed; the others and the listener go on.</summary>
public sealed class PortForwardError
{
    public PortForwardError(DateTimeOffset time, int localPort, int remotePort, string message, Exception? exception)
    {
        Time = time;
        LocalPort = localPort;
        RemotePort = remotePort;
        Message = message;
        Exception = exception;
    }

    public DateTimeOffset Time { get; }

    public int LocalPort { get; }

    public int RemotePort { get; }

    /// <summary>What went wrong, such as the kubelet's "connection refused" for a port nothing listens on.</summary>
    public string Message { get; }

    public Exception? Exception { get; }

    public override string ToString() => $"{LocalPort} -> {RemotePort}: {Message}";
}

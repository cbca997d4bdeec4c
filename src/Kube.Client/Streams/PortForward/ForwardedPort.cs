using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace Kube.Client.Streams.PortForward;

/// <summary>A port being forwarded: where it listens and the pod's port it reaches.</summary>
public sealed class ForwardedPort
{
    public ForwardedPort(int localPort, int remotePort, IReadOnlyList<IPAddress> addresses)
    {
        LocalPort = localPort;
        RemotePort = remotePort;
        Addresses = addresses;
    }

    /// <summary>The local port (the one picked, when 0 was asked for).</summary>
    public int LocalPort { get; }

    public int RemotePort { get; }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public override string ToString() =>
        $"{string.Join(", ", Addresses.Select(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()))}:{LocalPort.ToString(CultureInfo.InvariantCulture)} -> {RemotePort.ToString(CultureInfo.InvariantCulture)}";
}

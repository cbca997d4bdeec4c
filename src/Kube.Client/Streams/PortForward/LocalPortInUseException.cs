using System;
using System.Net;

namespace Kube.Client.Streams.PortForward;

/// <summary>A port-forward could not listen: the local port is taken (or not allowed) on that address.</summary>
public sealed class LocalPortInUseException : Exception
{
    public LocalPortInUseException(IPAddress address, int port, Exception inner)
        : base($"Cannot listen on {(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{port}: {inner.Message}", inner)
    {
        Address = address;
        Port = port;
    }

    public IPAddress Address { get; }

    public int Port { get; }
}

using System.Collections.Generic;
using System.Net;

namespace Kube.Client.Streams.PortForward;

/// <summary>Where a port-forward listens (kubectl port-forward --address).</summary>
public sealed class PortForwardOptions
{
    /// <summary>
    /// The local addresses to listen on. Empty (the default) means localhost as kubectl takes it:
    /// 127.0.0.1, and ::1 when this machine has IPv6.
    /// </summary>
    public IList<IPAddress> Addresses { get; set; } = new List<IPAddress>();

    /// <summary>How many connection errors <see cref="PortForwarder.RecentErrors"/> keeps.</summary>
    public int ErrorsKept { get; set; } = 20;
}

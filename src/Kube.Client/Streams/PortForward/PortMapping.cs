using System;
using System.Globalization;

namespace Kube.Client.Streams.PortForward;

/// <summary>
/// A local port and the remote one it forwards to, in kubectl port-forward's forms: "8080:80",
/// "80" (the same port on both sides), ":80" or "0:80" (any free local port), and a named
/// remote port such as "8080:http" (a container port's name, or a Service port's).
/// </summary>
public readonly struct PortMapping : IEquatable<PortMapping>
{
    public PortMapping(int localPort, int remotePort)
    {
        if (localPort is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(localPort), localPort, "A local port is 0 (any free one) to 65535.");
        if (remotePort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(remotePort), remotePort, "A remote port is 1 to 65535.");
        LocalPort = localPort;
        RemotePort = remotePort;
        RemotePortName = null;
    }

    private PortMapping(int localPort, string remotePortName, bool localFollowsRemote)
    {
        LocalPort = localPort;
        RemotePort = 0;
        RemotePortName = remotePortName;
        LocalFollowsRemote = localFollowsRemote;
    }

    /// <summary>The local port; 0 takes any free one (see the started forwarder for which).</summary>
    public int LocalPort { get; }

    /// <summary>The remote port number; 0 while <see cref="RemotePortName"/> is not resolved.</summary>
    public int RemotePort { get; }

    /// <summary>A named remote port still to resolve against the pod or Service, or null.</summary>
    public string? RemotePortName { get; }

    /// <summary>Given as a bare name ("http"): the local port becomes the resolved remote number, as in kubectl.</summary>
    internal bool LocalFollowsRemote { get; }

    /// <summary>The same mapping with its named remote port resolved to a number.</summary>
    public PortMapping WithRemotePort(int remotePort) => new(LocalFollowsRemote ? remotePort : LocalPort, remotePort);

    /// <exception cref="FormatException">Not one of kubectl's forms, or a port out of range.</exception>
    public static PortMapping Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("A port mapping is empty; give REMOTE, LOCAL:REMOTE or :REMOTE.");
        text = text.Trim();
        int colon = text.IndexOf(':');
        string local = colon < 0 ? "" : text.Substring(0, colon);
        string remote = colon < 0 ? text : text.Substring(colon + 1);
        if (remote.Length == 0) throw new FormatException($"\"{text}\" has no remote port; give REMOTE, LOCAL:REMOTE or :REMOTE.");
        int localPort = 0;
        if (local.Length > 0 && (!int.TryParse(local, NumberStyles.None, CultureInfo.InvariantCulture, out localPort) || localPort > 65535))
            throw new FormatException($"\"{local}\" in \"{text}\" is not a local port (0 to 65535).");
        if (int.TryParse(remote, NumberStyles.None, CultureInfo.InvariantCulture, out int remotePort))
        {
            if (remotePort is < 1 or > 65535) throw new FormatException($"\"{remote}\" in \"{text}\" is not a remote port (1 to 65535).");
            return new PortMapping(colon < 0 ? remotePort : localPort, remotePort);
        }
        if (!IsPortName(remote)) throw new FormatException($"\"{remote}\" in \"{text}\" is neither a port number nor a port name.");
        return new PortMapping(localPort, remote, localFollowsRemote: colon < 0);
    }

    public bool Equals(PortMapping other) => LocalPort == other.LocalPort && RemotePort == other.RemotePort && RemotePortName == other.RemotePortName;

    public override bool Equals(object? obj) => obj is PortMapping other && Equals(other);

    public override int GetHashCode() => (LocalPort, RemotePort, RemotePortName).GetHashCode();

    public override string ToString() => $"{LocalPort}:{RemotePortName ?? RemotePort.ToString(CultureInfo.InvariantCulture)}";

    // IANA_SVC_NAME: 1-15 lowercase letters, digits and '-', with a letter.
    private static bool IsPortName(string name)
    {
        if (name.Length is < 1 or > 15) return false;
        bool letter = false;
        foreach (char c in name)
        {
            if (c is >= 'a' and <= 'z') letter = true;
            else if (c is not (>= '0' and <= '9' or '-')) return false;
        }
        return letter;
    }
}

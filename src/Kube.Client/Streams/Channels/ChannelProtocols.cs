namespace Kube.Client.Streams.Channels;

/// <summary>
/// The WebSocket subprotocols of Kubernetes' channel framing (apiserver's wsstream): every binary
/// message starts with one byte naming its channel. v5 adds a close signal (channel 255, then the
/// channel to close) so stdin can be half-closed; v4 sends the exit status as a metav1.Status
/// on the error channel. A 1.20 server (its kubelet and runtime) answers v4.
/// </summary>
public static class ChannelProtocols
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    /// <summary>What exec and attach offer, in order of preference.</summary>
    internal static readonly string[] RemoteCommand = { V5, V4 };

    /// <summary>What port-forward offers: the kubelet's WebSocket port-forward speaks v4 framing.</summary>
    internal static readonly string[] PortForward = { V4 };

    internal const byte Stdin = 0;
    internal const byte Stdout = 1;
    internal const byte Stderr = 2;
    internal const byte Error = 3;
    internal const byte Resize = 4;
    internal const byte Close = 255;
}

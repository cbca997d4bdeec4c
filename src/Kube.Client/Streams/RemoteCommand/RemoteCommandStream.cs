namespace Kube.Client.Streams.RemoteCommand;

/// <summary>Which output stream of a remote command some bytes came from.</summary>
public enum RemoteCommandStream
{
    Stdout = 1,
    Stderr = 2,
}

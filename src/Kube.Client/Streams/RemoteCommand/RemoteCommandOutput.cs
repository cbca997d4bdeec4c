using System;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>Bytes a remote command wrote, as they arrived, with the stream they came from.</summary>
public readonly struct RemoteCommandOutput
{
    public RemoteCommandOutput(RemoteCommandStream stream, ReadOnlyMemory<byte> data)
    {
        Stream = stream;
        Data = data;
    }

    public RemoteCommandStream Stream { get; }

    public ReadOnlyMemory<byte> Data { get; }
}

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>One line a remote command wrote (UTF-8, without its line break), with its stream.</summary>
public readonly struct RemoteCommandLine
{
    public RemoteCommandLine(RemoteCommandStream stream, string text)
    {
        Stream = stream;
        Text = text;
    }

    public RemoteCommandStream Stream { get; }

    public string Text { get; }

    public override string ToString() => Text;
}

using System;

namespace Kube.Client.Rest;

/// <summary>The API server could not be reached at all (refused, unresolvable, TLS failure, timeout).</summary>
public sealed class KubeConnectionException : Exception
{
    public KubeConnectionException(string message, Uri server, Exception? inner)
        : base(message, inner)
    {
        Server = server;
    }

    public Uri Server { get; }
}

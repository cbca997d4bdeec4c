using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Kube.Client.Rest;

/// <summary>
/// A connection the server switched to another protocol ("101 Switching Protocols"): the raw
/// duplex stream and the response headers that agreed on it. Disposing it closes the connection.
/// </summary>
internal sealed class UpgradedConnection : IDisposable
{
    private readonly HttpResponseMessage _response;

    public UpgradedConnection(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        Stream = stream;
    }

    /// <summary>Both directions of the connection: read what the server sends, write to it.</summary>
    public Stream Stream { get; }

    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The first value of a response header, or null.</summary>
    public string? Header(string name) =>
        _response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public void Dispose()
    {
        Stream.Dispose();
        _response.Dispose();
    }
}

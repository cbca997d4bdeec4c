using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Transport;

namespace Kube.Benchmarks;

/// <summary>
/// The floor: a GET over the same transport our clients use (TLS, credentials, HTTP/2) that reads
/// the body into one reused buffer and throws it away. No client can list faster than this.
/// </summary>
public sealed class RawGet : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly Uri _base;
    private readonly byte[] _buffer = new byte[256 * 1024];

    public RawGet(RestConfig config)
    {
        _http = new HttpMessageInvoker(HttpTransport.CreateHandler(config));
        string host = config.Host.GetLeftPart(UriPartial.Path);
        _base = new Uri(host.EndsWith('/') ? host : host + "/");
    }

    /// <summary>Reads the body of GET <paramref name="path"/> in <paramref name="accept"/>; returns its length in bytes.</summary>
    public Task<long> ReadAsync(string path, string accept, CancellationToken ct) => ReadAsync(path, accept, checkType: true, ct);

    /// <summary>
    /// Reads the body of GET <paramref name="path"/> asked for as a meta.k8s.io/v1 Table (what kubectl
    /// and the Get- cmdlets ask for); returns its length in bytes. The server answers application/json.
    /// </summary>
    public Task<long> ReadTableAsync(string path, CancellationToken ct) =>
        ReadAsync(path, "application/json;as=Table;v=v1;g=meta.k8s.io", checkType: false, ct);

    /// <summary>Reads the body of GET <paramref name="path"/> whatever its type (a pod's log is text/plain); returns its length in bytes.</summary>
    public Task<long> ReadBodyAsync(string path, CancellationToken ct) => ReadAsync(path, "*/*", checkType: false, ct);

    private async Task<long> ReadAsync(string path, string accept, bool checkType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        string? type = response.Content.Headers.ContentType?.MediaType;
        if (checkType && !string.Equals(type, accept, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"GET {path} asked for {accept} and got {type}");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(_buffer, ct)) > 0) total += read;
        return total;
    }

    public void Dispose() => _http.Dispose();
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Tests.Support;

/// <summary>One HTTP request as the test server saw it.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, List<string>> Headers, string? ClientCertificateSubject, string? ServerName)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var values) ? string.Join(", ", values) : null;

    public IReadOnlyList<string> HeaderValues(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var values) ? values : Array.Empty<string>();
}

/// <summary>
/// An in-process HTTPS server on loopback speaking just enough HTTP/1.1 for transport tests:
/// it records each request with its client certificate and SNI, and answers with <see cref="Respond"/>.
/// </summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public TlsTestServer(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"https://127.0.0.1:{Port}");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Status and body for a request; 200 with "{}" by default.</summary>
    public Func<ReceivedRequest, (int Status, string Body)> Respond { get; set; } = _ => (200, "{}");

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                string? serverName = null;
                using var ssl = new SslStream(client.GetStream(), false);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateSelectionCallback = (_, name) =>
                    {
                        serverName = name;
                        return _certificate;
                    },
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    EnabledSslProtocols = SslProtocols.None,
                    ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
                }, _stop.Token);
                var clientSubject = ssl.RemoteCertificate is null ? null : new X509Certificate2(ssl.RemoteCertificate).Subject;
                var reader = new StreamReader(ssl, Encoding.ASCII, false, 4096, leaveOpen: true);
                while (!_stop.IsCancellationRequested)
                {
                    var requestLine = await reader.ReadLineAsync(_stop.Token);
                    if (string.IsNullOrEmpty(requestLine))
                    {
                        return;
                    }
                    var headers = new Dictionary<string, List<string>>();
                    string? line;
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
                    {
                        var colon = line.IndexOf(':');
                        var name = line.Substring(0, colon).Trim().ToLowerInvariant();
                        if (!headers.TryGetValue(name, out var values))
                        {
                            headers[name] = values = new List<string>();
                        }
                        values.Add(line.Substring(colon + 1).Trim());
                    }
                    if (headers.TryGetValue("content-length", out var length) && int.Parse(length[0]) > 0)
                    {
                        var body = new char[int.Parse(length[0])];
                        await reader.ReadBlockAsync(body, 0, body.Length);
                    }
                    var parts = requestLine.Split(' ');
                    var request = new ReceivedRequest(parts[0], parts[1], headers, clientSubject, serverName);
                    Requests.Enqueue(request);
                    var (status, responseBody) = Respond(request);
                    var bytes = Encoding.UTF8.GetBytes(responseBody);
                    var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
                    await ssl.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await ssl.WriteAsync(bytes, _stop.Token);
                    await ssl.FlushAsync(_stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or refused our certificate: both are what some tests want.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}

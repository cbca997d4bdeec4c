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

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// An HTTP/1.1 server on loopback (plain or TLS, with or without a required client certificate)
/// for stream tests: one request per connection, handed to <see cref="Handler"/> with the raw
/// connection, so a test can answer with a body, a chunked stream, or a WebSocket upgrade.
/// </summary>
public sealed class StreamingTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly bool _requireClientCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentBag<Task> _connections = new();
    private int _open;

    public StreamingTestServer(X509Certificate2? certificate = null, bool requireClientCertificate = false)
    {
        _certificate = certificate;
        _requireClientCertificate = requireClientCertificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}");

    public ConcurrentQueue<StreamRequest> Requests { get; } = new();

    /// <summary>Connections being served now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Answers one request; the connection closes when it returns. 404 by default.</summary>
    public Func<StreamRequest, StreamExchange, Task> Handler { get; set; } = (_, exchange) => exchange.RespondAsync(404, "{}");

    /// <summary>Exceptions handlers threw (other than the client going away).</summary>
    public ConcurrentQueue<Exception> HandlerErrors { get; } = new();

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
            _connections.Add(Task.Run(() => Serve(client)));
        }
    }

    private async Task Serve(TcpClient client)
    {
        Interlocked.Increment(ref _open);
        using (client)
        {
            try
            {
                client.NoDelay = true;
                Stream stream = client.GetStream();
                string? serverName = null;
                string? clientSubject = null;
                if (_certificate is not null)
                {
                    var ssl = new SslStream(stream, false);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificateSelectionCallback = (_, name) =>
                        {
                            serverName = name;
                            return _certificate;
                        },
                        ClientCertificateRequired = _requireClientCertificate,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => !_requireClientCertificate || certificate is not null,
                        EnabledSslProtocols = SslProtocols.None,
                    }, _stop.Token);
                    clientSubject = ssl.RemoteCertificate is null ? null : new X509Certificate2(ssl.RemoteCertificate).Subject;
                    stream = ssl;
                }
                var (line, headers, leftover) = await ReadHead(stream, _stop.Token);
                if (line is null) return;
                var parts = line.Split(' ');
                string target = parts[1];
                int q = target.IndexOf('?');
                var request = new StreamRequest(parts[0], q < 0 ? target : target.Substring(0, q), q < 0 ? "" : target.Substring(q + 1), headers, clientSubject, serverName);
                Requests.Enqueue(request);
                var exchange = new StreamExchange(new PrefixedStream(leftover, stream), request, _stop.Token);
                try
                {
                    await Handler(request, exchange);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
                {
                }
                catch (Exception e)
                {
                    HandlerErrors.Enqueue(e);
                }
                finally
                {
                    exchange.Dispose();
                }
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    private static async Task<(string? Line, Dictionary<string, List<string>> Headers, byte[] Leftover)> ReadHead(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int length = 0;
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0) return (null, headers, Array.Empty<byte>());
            length += read;
            int end = -1;
            for (int i = 3; i < length; i++)
                if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') { end = i + 1; break; }
            if (end < 0) continue;
            var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
            foreach (var l in lines[1..])
            {
                if (l.Length == 0) continue;
                int colon = l.IndexOf(':');
                string name = l[..colon].Trim();
                if (!headers.TryGetValue(name, out var values)) headers[name] = values = new List<string>();
                values.Add(l[(colon + 1)..].Trim());
            }
            return (lines[0], headers, buffer[end..length]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        try { await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { }
        _stop.Dispose();
    }

    /// <summary>Bytes already read behind the head, then the connection (writes go straight through).</summary>
    private sealed class PrefixedStream : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _prefix;
        private int _offset;

        public PrefixedStream(byte[] prefix, Stream inner)
        {
            _prefix = prefix;
            _inner = inner;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => _inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset < _prefix.Length)
            {
                int n = Math.Min(buffer.Length, _prefix.Length - _offset);
                _prefix.AsSpan(_offset, n).CopyTo(buffer.Span);
                _offset += n;
                return new ValueTask<int>(n);
            }
            return _inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>
/// The port-forward rows' client: one HTTP/1.0 GET on a fresh TCP connection, the body read into
/// a reused buffer and counted, nothing kept. The same few lines serve every row (direct, our
/// forward, kubectl's), so the rows differ only in what carries the bytes.
/// </summary>
public static class PlainHttpGet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns the body's length; fails unless the status is 200 and the whole body (Content-Length) arrived.</summary>
    public static async Task<long> ReadAsync(IPEndPoint endpoint, string path, byte[] buffer, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var token = timeout.Token;
        string what = $"GET http://{endpoint}{path}";
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endpoint, token);
            byte[] request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: {endpoint}\r\nConnection: close\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, token);

            int filled = 0, headerEnd = -1;
            while (headerEnd < 0)
            {
                if (filled == buffer.Length) throw new IOException($"{what}: the response's headers are longer than {buffer.Length} bytes");
                int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token);
                if (read == 0) throw new IOException($"{what}: the connection closed before the response's headers ended ({filled} bytes)");
                filled += read;
                headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            }
            string[] head = Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n");
            string[] status = head[0].Split(' ', 3);
            if (status.Length < 2 || status[1] != "200") throw new IOException($"{what}: the server answered \"{head[0]}\"");
            long? length = null;
            foreach (string line in head)
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(line.AsSpan("Content-Length:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                    length = n;
            }
            long body = filled - (headerEnd + 4);
            while (length is null || body < length)
            {
                int read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0) break;
                body += read;
            }
            if (length is { } expected && body != expected)
                throw new IOException($"{what}: {body:N0} of the {expected:N0} bytes of the body arrived before the connection closed");
            return body;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not finish within {Timeout.TotalMinutes:0} minutes");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Upgrade;

/// <summary>Reads an HTTP/1.1 response head (status line and headers, up to the blank line) from a stream.</summary>
internal static class HttpHeadReader
{
    public static async Task<HttpHead> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int length = 0;
        while (true)
        {
            int end = IndexOfBlankLine(buffer, length);
            if (end >= 0)
            {
                var leftover = new byte[length - end];
                Buffer.BlockCopy(buffer, end, leftover, 0, leftover.Length);
                return Parse(Encoding.ASCII.GetString(buffer, 0, end), leftover);
            }
            if (length == buffer.Length)
            {
                if (buffer.Length >= maxBytes) throw new HttpRequestException($"The server's response head is longer than {maxBytes} bytes.");
                Array.Resize(ref buffer, Math.Min(maxBytes, buffer.Length * 2));
            }
            int read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpRequestException(length == 0
                    ? "The server closed the connection without a response."
                    : "The server closed the connection in the middle of its response head.");
            }
            length += read;
        }
    }

    /// <summary>The offset just past the first CRLF CRLF, or -1.</summary>
    private static int IndexOfBlankLine(byte[] buffer, int length)
    {
        for (int i = 3; i < length; i++)
        {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    private static HttpHead Parse(string head, byte[] leftover)
    {
        var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
        string status = lines[0];
        // HTTP/1.1 101 Switching Protocols
        var parts = status.Split(new[] { ' ' }, 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code < 100 || code > 999)
        {
            throw new HttpRequestException($"The server's answer is not HTTP/1.x: \"{Printable(status)}\"");
        }
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new HttpRequestException($"The server sent a malformed header line: \"{Printable(line)}\"");
            headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
        }
        return new HttpHead(code, parts.Length > 2 ? parts[2] : "", headers, leftover);
    }

    private static string Printable(string s)
    {
        if (s.Length > 120) s = s.Substring(0, 120) + "…";
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c < ' ' || c > '~' ? '?' : c);
        return sb.ToString();
    }
}

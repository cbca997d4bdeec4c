using System;
using System.Security.Cryptography;
using System.Text;

namespace Kube.Client.Streams.WebSockets;

/// <summary>RFC 6455's opening handshake values: the client's nonce and the server's proof of it.</summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes in base64.</summary>
    public static string NewKey()
    {
        var nonce = new byte[16];
        using (var random = RandomNumberGenerator.Create()) random.GetBytes(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>The Sec-WebSocket-Accept a server must answer <paramref name="key"/> with.</summary>
    public static string AcceptFor(string key)
    {
        using var sha1 = SHA1.Create();
        return Convert.ToBase64String(sha1.ComputeHash(Encoding.ASCII.GetBytes(key + Guid)));
    }
}

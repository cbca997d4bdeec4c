using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Secrets;

/// <summary>
/// The values of a Secret, typed (<see cref="Secret"/>) or <see cref="Unstructured"/>, as the server
/// would store them: <c>data</c> decoded from base64, with <c>stringData</c> merged over it. Sizes
/// can be read without the values.
/// </summary>
public static class SecretData
{
    /// <summary>True for a core/v1 Secret, typed or unstructured.</summary>
    public static bool IsSecret(object? obj) => obj switch
    {
        Secret => true,
        Unstructured u => IsSecretKind(Safe(() => u.ApiVersion), Safe(() => u.Kind)),
        _ => false,
    };

    internal static bool IsSecretKind(string? apiVersion, string? kind) => kind == "Secret" && (apiVersion is null or "" or "v1");

    /// <summary>Each key and the size of its value in bytes, in key order; empty for an object that is not a Secret.</summary>
    public static SortedDictionary<string, int> Sizes(object? secret)
    {
        var sizes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        switch (secret)
        {
            case Secret typed:
                if (typed.Data is { } data)
                    foreach (var pair in data) sizes[pair.Key] = pair.Value?.Length ?? 0;
                if (typed.StringData is { } strings)
                    foreach (var pair in strings) sizes[pair.Key] = Encoding.UTF8.GetByteCount(pair.Value ?? "");
                break;
            case Unstructured u when IsSecret(u):
                if (Safe(() => u.NestedMap("data")) is { } map)
                    foreach (var pair in map) sizes[pair.Key] = pair.Value is JsonValue v && v.TryGetValue<string>(out var b64) ? Base64Size(b64) : 0;
                if (Safe(() => u.NestedMap("stringData")) is { } stringMap)
                    foreach (var pair in stringMap) sizes[pair.Key] = pair.Value is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetByteCount(s) : 0;
                break;
        }
        return sizes;
    }

    /// <summary>
    /// The decoded values, in key order; the caller owns the arrays (clear them when done). Empty for
    /// an object that is not a Secret.
    /// </summary>
    /// <exception cref="FormatException">A value of an unstructured Secret's data is not base64.</exception>
    public static SortedDictionary<string, byte[]> Values(object? secret)
    {
        var values = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        switch (secret)
        {
            case Secret typed:
                if (typed.Data is { } data)
                    foreach (var pair in data) values[pair.Key] = (byte[])(pair.Value ?? Array.Empty<byte>()).Clone();
                if (typed.StringData is { } strings)
                    foreach (var pair in strings) values[pair.Key] = Encoding.UTF8.GetBytes(pair.Value ?? "");
                break;
            case Unstructured u when IsSecret(u):
                if (Safe(() => u.NestedMap("data")) is { } map)
                {
                    foreach (var pair in map)
                    {
                        string text = pair.Value is JsonValue v && v.TryGetValue<string>(out var b64) ? b64 : "";
                        try
                        {
                            values[pair.Key] = Convert.FromBase64String(text);
                        }
                        catch (FormatException e)
                        {
                            throw new FormatException($"the value of key \"{pair.Key}\" in the data of Secret {u.Describe()} is not base64: {e.Message}", e);
                        }
                    }
                }
                if (Safe(() => u.NestedMap("stringData")) is { } stringMap)
                    foreach (var pair in stringMap)
                        values[pair.Key] = Encoding.UTF8.GetBytes(pair.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : "");
                break;
        }
        return values;
    }

    /// <summary>The number of bytes a base64 text decodes to.</summary>
    internal static int Base64Size(string text)
    {
        int length = text.Length;
        while (length > 0 && char.IsWhiteSpace(text[length - 1])) length--;
        int padding = length > 0 && text[length - 1] == '=' ? (length > 1 && text[length - 2] == '=' ? 2 : 1) : 0;
        return Math.Max(0, length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1) - padding);
    }

    private static T? Safe<T>(Func<T?> read)
    {
        try { return read(); }
        catch (NestedFieldException) { return default; }
    }
}

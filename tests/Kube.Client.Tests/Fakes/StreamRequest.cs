using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Tests.Fakes;

/// <summary>One request as the <see cref="StreamingTestServer"/> saw it.</summary>
public sealed record StreamRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, List<string>> Headers, string? ClientCertificateSubject, string? ServerName)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>Every value of a query parameter, decoded, in order.</summary>
    public IReadOnlyList<string> QueryValues(string key) =>
        Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == key)
            .Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "")
            .ToList();

    public string? QueryValue(string key) => QueryValues(key) is { Count: > 0 } v ? v[0] : null;

    public bool IsWebSocket => string.Equals(Header("Upgrade"), "websocket", StringComparison.OrdinalIgnoreCase);
}

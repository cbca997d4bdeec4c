using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Transport;

/// <summary>
/// Writes each HTTP exchange (request line and headers, status, headers and time) to the current
/// <see cref="IRequestListener"/> when it asks for traces. It sits innermost in the handler chain,
/// after the auth handlers, so it sees what goes on the wire; credentials are redacted.
/// </summary>
public sealed class TracingHandler : DelegatingHandler
{
    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Remote-User-Token",
    };

    public TracingHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var listener = RequestListenerScope.Current;
        if (listener is null || !listener.TraceEnabled)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        listener.OnTrace($"{request.Method.Method} {request.RequestUri} HTTP/{request.Version}{Format(request.Headers, request.Content?.Headers)}");
        var sw = Stopwatch.StartNew();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        listener.OnTrace($"{(int)response.StatusCode} {response.ReasonPhrase} HTTP/{response.Version} in {sw.ElapsedMilliseconds} ms{Format(response.Headers, response.Content?.Headers)}");
        return response;
    }

    internal static string Format(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var sb = new StringBuilder();
        foreach (var header in headers.Concat(contentHeaders ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            // The typed collections split some headers into parts (User-Agent's product tokens).
            string value = string.Join(header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ", header.Value);
            sb.Append(Environment.NewLine).Append("    ").Append(header.Key).Append(": ").Append(Redact(header.Key, value));
        }
        return sb.ToString();
    }

    internal static string Redact(string name, string value)
    {
        if (!Secret.Contains(name)) return value;
        int space = value.IndexOf(' ');
        return space > 0 ? value.Substring(0, space) + " <redacted>" : "<redacted>";
    }
}

using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Threading.Tasks;

namespace IngressController;

/// <summary>
/// The kubelet's probes over plain HTTP on one port: each path answers 200 "ok" while its check
/// returns null, and 503 with the check's reason otherwise.
/// </summary>
public sealed class HealthProbes : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<string, Func<string?>> _checks;
    private readonly Task _serving;

    /// <param name="checks">Path ("/healthz") to check (null: healthy; otherwise the reason it is not).</param>
    public HealthProbes(int port, IReadOnlyDictionary<string, Func<string?>> checks)
    {
        _checks = checks;
        _listener.Prefixes.Add($"http://*:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            try
            {
                string path = context.Request.Url?.AbsolutePath ?? "/";
                string? problem = _checks.TryGetValue(path, out var check) ? check() : $"no probe at {path}; try {string.Join(" ", _checks.Keys)}";
                int status = problem is null ? 200 : _checks.ContainsKey(path) ? 503 : 404;
                byte[] body = Encoding.UTF8.GetBytes((problem ?? "ok") + "\n");
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                context.Response.OutputStream.Write(body, 0, body.Length);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The prober hung up; the next probe comes on a new connection.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
    }
}

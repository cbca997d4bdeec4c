using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.PowerShell.Runner;

/// <summary>
/// Serves the kubelet's probes over plain HTTP: <c>/healthz</c> (also <c>/livez</c>) answers 200
/// while the script runs, <c>/readyz</c> 200 once the module is imported and the script started;
/// otherwise 503. Any other path is 404.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<bool> _live;
    private readonly Func<bool> _ready;
    private readonly Task _loop;

    public HealthServer(int port, Func<bool> live, Func<bool> ready, RunnerLog log)
    {
        _live = live;
        _ready = ready;
        _listener.Prefixes.Add($"http://*:{port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new InvalidOperationException($"cannot serve probes on port {port}: {e.Message}", e);
        }
        Port = port;
        _loop = Task.Run(() => ServeAsync(log));
    }

    public int Port { get; }

    private async Task ServeAsync(RunnerLog log)
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
            catch (HttpListenerException e)
            {
                log.Warning($"probe server: {e.Message}");
                continue;
            }
            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The prober went away mid-answer; the next probe gets a fresh connection.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        string path = context.Request.Url?.AbsolutePath ?? "/";
        (int status, string body) = path switch
        {
            "/healthz" or "/livez" => _live() ? (200, "ok") : (503, "the script has ended"),
            "/readyz" => _ready() ? (200, "ok") : (503, "not started"),
            _ => (404, "not found; the probes are /healthz and /readyz"),
        };
        byte[] bytes = Encoding.UTF8.GetBytes(body + "\n");
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes, 0, bytes.Length);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        await _loop.ConfigureAwait(false);
    }
}

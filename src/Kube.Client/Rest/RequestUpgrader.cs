using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Rest;

/// <summary>
/// Sends a <see cref="Request"/> as an HTTP/1.1 connection upgrade (a WebSocket handshake, for
/// exec, attach and port-forward) through the client's transport: the same credentials, TLS, rate
/// limiter, Warning headers and redacted traces as every other request. On "101 Switching
/// Protocols" the raw connection is returned; any other answer is thrown as a
/// <see cref="KubeApiException"/> with the server's Status. An attempt the server may have seen is
/// never repeated (it may have started a command); one that never reached it is.
/// </summary>
internal static class RequestUpgrader
{
    public static async Task<UpgradedConnection> UpgradeAsync(Request builder, string protocol, CancellationToken cancellationToken)
    {
        var request = builder.Prepare(watch: true);
        var client = request.Client;
        var listener = RequestListenerScope.Current ?? client.DefaultListener;
        for (int attempt = 0; ; attempt++)
        {
            if (request.RateLimiter is { } limiter) await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var message = request.NewMessage();
            message.Version = HttpVersion.Version11;
#if NET8_0_OR_GREATER
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
#endif
            // The kubelet's stream handlers (go-restful routes that produce nothing) refuse any
            // Accept header with 406; kubectl's upgrades send none.
            message.Headers.Accept.Clear();
            message.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            message.Headers.TryAddWithoutValidation("Upgrade", protocol);
            var started = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await client.UpgradeHttp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                listener?.OnTraceIfEnabled($"{request.Method.Method} {request.Uri} (upgrade to {protocol}) failed after {started.ElapsedMilliseconds} ms: {RequestSender.Flatten(e)}");
                if (RequestSender.NeverReachedServer(e) && attempt < request.RetryPolicy.MaxRetries)
                {
                    await Task.Delay(request.RetryPolicy.Backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new KubeConnectionException(
                    $"Could not reach the API server at {client.DescribeServer()} for {request.Description}: {RequestSender.Flatten(e)}",
                    client.Config.Host, e);
            }

            RequestSender.ReportWarnings(response, listener);
            if (response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                try
                {
                    var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    return new UpgradedConnection(response, stream);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 200 and < 300)
                {
                    // A server (or a proxy in between) that does not upgrade answers as to a plain GET.
                    throw new KubeApiException(
                        new Status
                        {
                            Code = (int)response.StatusCode,
                            StatusValue = "Failure",
                            Message = $"the server answered {request.Description} with {(int)response.StatusCode} {response.ReasonPhrase} instead of upgrading the connection to {protocol}; a proxy between here and the API server may not pass WebSocket upgrades",
                        },
                        request.Description);
                }
                throw await StatusErrors.FromResponseAsync(response, request.Description, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

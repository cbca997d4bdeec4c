using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Rest;

public sealed partial class Request
{
    /// <summary>The client this request goes through.</summary>
    internal RestClient Client => _client;

    /// <summary>
    /// Sends this request as an HTTP/1.1 connection upgrade to <paramref name="protocol"/> (a
    /// WebSocket handshake, for exec, attach and port-forward) through the client's transport: the
    /// same credentials, TLS, rate limiter, warnings and redacted traces as every other request.
    /// On "101 Switching Protocols" the raw connection is returned; any other answer is thrown as
    /// a <see cref="KubeApiException"/> carrying the server's Status. Not retried once the server
    /// has the request (it may have started a command).
    /// </summary>
    internal async Task<UpgradedConnection> UpgradeAsync(string protocol, CancellationToken cancellationToken)
    {
        Uri uri = BuildUri();
        var listener = RequestListenerScope.Current ?? _client.DefaultListener;
        var policy = _retryPolicy ?? _client.RetryPolicy;
        for (int attempt = 0; ; attempt++)
        {
            if ((_ownRateLimiter ? _rateLimiter : _client.RateLimiter) is { } limiter) await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var message = new HttpRequestMessage(_method, uri) { Version = HttpVersion.Version11 };
#if NET8_0_OR_GREATER
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
#endif
            foreach (var h in _headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            message.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            message.Headers.TryAddWithoutValidation("Upgrade", protocol);
            var started = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await _client.UpgradeHttp.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                listener?.OnTraceIfEnabled($"{_method.Method} {uri} (upgrade to {protocol}) failed after {started.ElapsedMilliseconds} ms: {Flatten(e)}");
                if (NeverReachedServer(e) && attempt < policy.MaxRetries)
                {
                    await Task.Delay(policy.Backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new KubeConnectionException(
                    $"Could not reach the API server at {_client.DescribeServer()} for {Describe()}: {Flatten(e)}",
                    _client.Config.Host, e);
            }

            ReportWarnings(response, listener);
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
                    // A server (or a proxy in between) that does not upgrade answers the request as a plain GET.
                    throw new KubeApiException(
                        new Models.MetaV1.Status
                        {
                            Code = (int)response.StatusCode,
                            StatusValue = "Failure",
                            Message = $"the server answered {Describe()} with {(int)response.StatusCode} {response.ReasonPhrase} instead of upgrading the connection to {protocol}; a proxy between here and the API server may not pass WebSocket upgrades",
                        },
                        Describe());
                }
                throw await ErrorFromResponseAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

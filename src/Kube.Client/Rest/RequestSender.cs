using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Rest;

/// <summary>
/// Sends a <see cref="Request"/> until it has a 2xx answer or a final failure: the rate limiter
/// before each attempt, retries with backoff for transport failures and 429/5xx answers (idempotent
/// verbs, or any verb the server asked to retry with Retry-After, or that never reached it), the
/// request timeout over all of it, and the server's Warning headers to the request listener.
/// </summary>
internal static class RequestSender
{
    /// <summary>The response once its headers are in; the caller reads and disposes it.</summary>
    /// <exception cref="KubeApiException">The server answered with an error status (see <see cref="StatusErrors"/>).</exception>
    /// <exception cref="KubeConnectionException">The server could not be reached, after the retries the policy allows.</exception>
    /// <exception cref="TimeoutException">The request timeout passed first.</exception>
    public static async Task<ResponseCall> SendAsync(Request builder, bool watch, CancellationToken cancellationToken)
    {
        var request = builder.Prepare(watch);
        var client = request.Client;
        var listener = RequestListenerScope.Current ?? client.DefaultListener;
        var policy = request.RetryPolicy;
        CancellationTokenSource? timeoutSource = null;
        if (request.Timeout is TimeSpan timeout)
        {
            timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
        }
        CancellationToken ct = timeoutSource?.Token ?? cancellationToken;

        try
        {
            for (int attempt = 0; ; attempt++)
            {
                if (request.RateLimiter is { } limiter) await limiter.WaitAsync(ct).ConfigureAwait(false);

                using var message = request.NewMessage();
                var started = Stopwatch.StartNew();

                HttpResponseMessage response;
                try
                {
                    response = await client.Http.SendAsync(message, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
                {
                    bool notSent = NeverReachedServer(e);
                    listener?.OnTraceIfEnabled($"{request.Method.Method} {request.Uri} failed after {started.ElapsedMilliseconds} ms: {Flatten(e)}");
                    if ((request.IsIdempotent || notSent) && attempt < policy.MaxRetries)
                    {
                        await Task.Delay(policy.Backoff.Delay(attempt), ct).ConfigureAwait(false);
                        continue;
                    }
                    throw new KubeConnectionException(
                        $"Could not reach the API server at {client.DescribeServer()} for {request.Description}: {Flatten(e)}",
                        client.Config.Host, e);
                }
                catch (OperationCanceledException e) when (timeoutSource is not null && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw request.TimeoutError(e);
                }

                ReportWarnings(response, listener);

                int code = (int)response.StatusCode;
                if (code is >= 200 and < 300)
                {
                    var call = new ResponseCall(request, response, timeoutSource, cancellationToken);
                    if (watch) call.StopTimeout();
                    timeoutSource = null;
                    return call;
                }

                TimeSpan? retryAfter = RetryAfterHeader.Read(response, policy.MaxRetryAfter);
                bool retryable = code == 429 || code >= 500;
                if (retryable && attempt < policy.MaxRetries && (request.IsIdempotent || retryAfter is not null))
                {
                    response.Dispose();
                    var delay = retryAfter ?? policy.Backoff.Delay(attempt);
                    listener?.OnTraceIfEnabled($"retrying {request.Method.Method} {request.Uri} in {delay.TotalMilliseconds:0} ms (status {code})");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    continue;
                }

                using (response)
                    throw await StatusErrors.FromResponseAsync(response, request.Description, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (timeoutSource is not null && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timeoutSource.Dispose();
            throw request.TimeoutError(e);
        }
        catch
        {
            timeoutSource?.Dispose();
            throw;
        }
    }

    internal static void ReportWarnings(HttpResponseMessage response, IRequestListener? listener)
    {
        if (listener is null || !response.Headers.TryGetValues("Warning", out var values)) return;
        foreach (var value in values)
            foreach (var text in WarningHeaderParser.Parse(value))
                listener.OnWarning(text);
    }

    /// <summary>True when the failure happened before the request could reach the server (so any verb may retry).</summary>
    internal static bool NeverReachedServer(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se &&
                se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain)
                return true;
        }
        return false;
    }

    internal static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (!parts.Contains(x.Message)) parts.Add(x.Message);
        return string.Join(": ", parts);
    }
}

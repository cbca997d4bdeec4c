using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>
/// Polls the cluster for something the controllers do in their own time (garbage collection,
/// service accounts). The timeout is generous: it bounds a hang, it does not measure speed.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="condition"/> returns true; fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(string what, Func<CancellationToken, Task<bool>> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            try
            {
                if (await condition(deadline.Token)) return;
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up after {limit.TotalSeconds:0} s waiting for {what}.");
            }
        }
    }

    /// <summary>Waits until <paramref name="attempt"/> stops failing with 404 and returns its result.</summary>
    public static async Task<T> SucceedsAsync<T>(string what, Func<CancellationToken, Task<T>> attempt, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        T result = default!;
        await UntilAsync(what, async ct =>
        {
            try
            {
                result = await attempt(ct);
                return true;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return false;
            }
        }, timeout, cancellationToken);
        return result;
    }

    /// <summary>Waits until <paramref name="get"/> answers 404.</summary>
    public static Task GoneAsync(string what, Func<CancellationToken, Task> get, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        UntilAsync(what + " to be deleted", async ct =>
        {
            try
            {
                await get(ct);
                return false;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, timeout, cancellationToken);
}

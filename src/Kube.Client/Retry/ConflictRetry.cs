using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Retry;

/// <summary>
/// client-go's retry.RetryOnConflict: run a get-change-update function again while the update
/// loses a race (409 Conflict), up to the backoff's steps. Any other error, or the last
/// conflict, is thrown to the caller. The function must re-read the object on every attempt.
/// </summary>
public static class ConflictRetry
{
    public static async Task<T> RetryOnConflictAsync<T>(Func<CancellationToken, Task<T>> attempt, Backoff? backoff = null, CancellationToken cancellationToken = default)
    {
        if (attempt is null) throw new ArgumentNullException(nameof(attempt));
        backoff ??= Backoff.DefaultRetry;
        for (int i = 0; ; i++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsConflict && i + 1 < backoff.Steps)
            {
                await Task.Delay(backoff.Delay(i), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task RetryOnConflictAsync(Func<CancellationToken, Task> attempt, Backoff? backoff = null, CancellationToken cancellationToken = default) =>
        RetryOnConflictAsync<bool>(async ct => { await attempt(ct).ConfigureAwait(false); return true; }, backoff, cancellationToken);
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Internal;

/// <summary>Task.WaitAsync(CancellationToken) for netstandard2.0, which lacks it.</summary>
internal static class TaskCancellation
{
    /// <summary>
    /// Waits for <paramref name="task"/> until <paramref name="cancellationToken"/> fires; the task
    /// itself goes on. Throws <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public static Task WithCancellation(this Task task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled) return task;
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
#if NET8_0_OR_GREATER
        return task.WaitAsync(cancellationToken);
#else
        return WaitSlowAsync(task, cancellationToken);
#endif
    }

#if !NET8_0_OR_GREATER
    private static async Task WaitSlowAsync(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                throw new OperationCanceledException(cancellationToken);
        }
        await task.ConfigureAwait(false);
    }
#endif
}

using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.PowerShell.Async;

/// <summary>
/// Runs an async cmdlet body on the pipeline thread: continuations of the body's own awaits are
/// queued here and executed by the thread that called <see cref="Run"/>, so the body may call
/// WriteObject and friends directly. Library code awaits with ConfigureAwait(false) and stays
/// on the thread pool.
/// </summary>
internal sealed class PipelineSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The body has finished; a late continuation (a cancelled timer, say) runs on the pool.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    /// <summary>
    /// Queues <paramref name="action"/> for the pipeline thread; false once the body has finished
    /// (unlike <see cref="Post"/>, nothing falls back to the thread pool: pipeline work must not run elsewhere).
    /// </summary>
    public bool TryPost(Action action)
    {
        try
        {
            _queue.Add((static a => ((Action)a!)(), action));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId == _threadId)
        {
            d(state);
            return;
        }
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Post(_ =>
        {
            try { d(state); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        }, null);
        done.Wait();
        if (error is not null) throw error;
    }

    /// <summary>Runs <paramref name="body"/> to completion on the calling thread, pumping its continuations.</summary>
    public static void Run(Func<Task> body)
    {
        var previous = Current;
        var context = new PipelineSynchronizationContext();
        SetSynchronizationContext(context);
        try
        {
            Task task;
            try
            {
                task = body();
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            task.ContinueWith(static (_, q) => ((BlockingCollection<(SendOrPostCallback, object?)>)q!).CompleteAdding(),
                context._queue, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
                callback(state);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}

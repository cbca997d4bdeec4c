using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Wait;
using Kube.PowerShell.Connection;

namespace Kube.PowerShell.Objects;

/// <summary>
/// How a command waits for one object (Wait-KubeResource, the -Wait of the Remove cmdlets): through
/// <see cref="ResourceWaiter.WaitOnSharedAsync"/> on the context's shared informer of that one object (judging no state
/// older than the server's when the wait begins), with progress
/// while it waits and one error when time runs out, WaitTimeout (OperationTimeout), saying what was
/// last seen; the command then goes on with the next object.
/// </summary>
internal static class ObjectWait
{
    public const string WaitTimeout = nameof(WaitTimeout);
    private const int ProgressId = 0x4b7761;

    /// <summary>The object's state once <paramref name="condition"/> holds (null for a deletion), or null after writing the timeout error.</summary>
    /// <param name="what">The object for messages: "Deployment shop/web", "namespace dev".</param>
    public static Task<Unstructured?> WaitAsync(Cmdlet cmdlet, KubeConnection connection, RestMapping mapping, string? @namespace, string name,
        string what, WaitCondition condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(cmdlet, connection, mapping.Resource, mapping.Namespaced, @namespace, name, what, condition, timeout, cancellationToken);

    /// <inheritdoc cref="WaitAsync(Cmdlet, KubeConnection, RestMapping, string?, string, string, WaitCondition, TimeSpan, CancellationToken)"/>
    public static async Task<Unstructured?> WaitAsync(Cmdlet cmdlet, KubeConnection connection, GroupVersionResource resource, bool namespaced, string? @namespace, string name,
        string what, WaitCondition condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? ns = namespaced ? @namespace : null;
        string key = ns is null ? name : ns + "/" + name;
        using var lease = connection.Informers.Acquire(resource, namespaced, new InformerScope(ns, null, "metadata.name=" + name));
        string lastSeen = "nothing yet (the first list has not returned)";
        // Before the first list succeeds, a refusal (Forbidden, 401, a bad request) will not go away by waiting:
        // end the wait with it now, not at the timeout; the cmdlet applies the one rule to it.
        Exception? refused = null;
        using var refusal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informer = lease.Informer;
        using var errors = informer.AddWatchErrorListener(e =>
        {
            if (!informer.HasSynced && e is KubeApiException { IsForbidden: true } or KubeApiException { IsUnauthorized: true } or KubeApiException { IsBadRequest: true })
            {
                Volatile.Write(ref refused, e);
                try { refusal.Cancel(); } catch (ObjectDisposedException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        // The shared informer may have run since before the caller's last change: the server's state now is the oldest judged.
        var client = connection.Dynamic.Resource(resource).Namespace(ns);
        var waiting = ResourceWaiter.WaitOnSharedAsync(informer, client, name, what, condition, timeout, seen => Volatile.Write(ref lastSeen, seen), refusal.Token);
        var progress = new ProgressRecord(ProgressId, $"Waiting for {what} {condition.Goal}", "starting");
        try
        {
            while (!waiting.IsCompleted)
            {
                progress.StatusDescription = $"{condition}: {Volatile.Read(ref lastSeen)}";
                progress.PercentComplete = (int)Math.Min(99, 100 * clock.Elapsed.TotalMilliseconds / Math.Max(1, timeout.TotalMilliseconds));
                progress.SecondsRemaining = (int)Math.Max(0, (timeout - clock.Elapsed).TotalSeconds);
                cmdlet.WriteProgress(progress);
                await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken));
            }
            var result = await waiting;
            cmdlet.WriteVerbose($"{what}: {condition} met ({Volatile.Read(ref lastSeen)})");
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref refused) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            throw;
        }
        catch (WaitTimeoutException e)
        {
            cmdlet.WriteError(new ErrorRecord(e, WaitTimeout, ErrorCategory.OperationTimeout, key)
            {
                ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Check the object (Get-KubeResource or kubectl describe) or wait longer with a larger -Timeout." },
            });
            return null;
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
        }
    }
}

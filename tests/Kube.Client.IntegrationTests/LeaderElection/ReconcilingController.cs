using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.WorkQueue;

namespace Kube.Client.IntegrationTests.LeaderElection;

/// <summary>One reconcile attempt: by whom, of which key, and when it ran (wall clock).</summary>
internal sealed record ReconcileRecord(string Controller, string Key, DateTimeOffset Start, DateTimeOffset End, bool Succeeded);

/// <summary>
/// A small controller as a runbook would write one: keys on a rate-limited workqueue, workers
/// that run only while this replica leads, and a reconcile that stamps a ConfigMap with the
/// replica's identity.
/// </summary>
internal sealed class ReconcilingController
{
    private readonly Clientset _clientset;
    private readonly string _namespace;
    private readonly ConcurrentQueue<ReconcileRecord> _journal;
    private int _count;

    public ReconcilingController(Clientset clientset, string @namespace, string id, ConcurrentQueue<ReconcileRecord> journal,
        TimeSpan leaseDuration, TimeSpan renewDeadline, TimeSpan retryPeriod, int workers = 2)
    {
        _clientset = clientset;
        _namespace = @namespace;
        _journal = journal;
        Id = id;
        Contender = new Contender(clientset, @namespace, "controller-lock", id, leaseDuration, renewDeadline, retryPeriod, releaseOnCancel: false,
            work: ct => Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(ct))));
    }

    public string Id { get; }

    public Contender Contender { get; }

    /// <summary>Fed by the test as informers would: every replica sees every key.</summary>
    public RateLimitingQueue<string> Queue { get; } = new();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            (string key, bool shutdown) next;
            try
            {
                next = await Queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            if (next.shutdown) return;

            var start = DateTimeOffset.UtcNow;
            bool succeeded = false;
            try
            {
                await ReconcileAsync(next.key, cancellationToken);
                succeeded = true;
                Queue.Forget(next.key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException)
            {
                Queue.AddRateLimited(next.key);
            }
            finally
            {
                _journal.Enqueue(new ReconcileRecord(Id, next.key, start, DateTimeOffset.UtcNow, succeeded));
                Queue.Done(next.key);
            }
        }
    }

    private async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var configMaps = _clientset.CoreV1().ConfigMaps(_namespace);
        string count = Interlocked.Increment(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var existing = await configMaps.GetAsync(key, null, cancellationToken);
            existing.Data ??= new Dictionary<string, string>();
            existing.Data["reconciler"] = Id;
            existing.Data["count"] = count;
            await configMaps.UpdateAsync(existing, null, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            await configMaps.CreateAsync(new ConfigMap
            {
                Metadata = new ObjectMeta { Name = key },
                Data = new Dictionary<string, string> { ["reconciler"] = Id, ["count"] = count },
            }, null, cancellationToken);
        }
    }
}

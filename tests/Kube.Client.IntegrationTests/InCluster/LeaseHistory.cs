using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.IntegrationTests.InCluster;

/// <summary>
/// Every version of one Lease from the moment it starts, read from a watch (so a record that lives
/// a few milliseconds, such as a release, is not missed).
/// </summary>
internal sealed class LeaseHistory : IAsyncDisposable
{
    private readonly List<LeaseSpec> _records = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LeaseHistory(Clientset clientset, string ns, string name)
    {
        _watching = Task.Run(() => WatchAsync(clientset, ns, name, _stop.Token));
    }

    public static async Task<LeaseHistory> StartAsync(Clientset clientset, string ns, string name)
    {
        var history = new LeaseHistory(clientset, ns, name);
        await history._started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return history;
    }

    public IReadOnlyList<LeaseSpec> Records
    {
        get
        {
            lock (_records) return _records.ToList();
        }
    }

    /// <summary>The history in one line per record, for failure messages.</summary>
    public string Describe() => string.Join("\n", Records.Select(r =>
        $"  holder '{r.HolderIdentity}' acquired {r.AcquireTime:HH:mm:ss.fff} renewed {r.RenewTime:HH:mm:ss.fff} transitions {r.LeaseTransitions}"));

    private async Task WatchAsync(Clientset clientset, string ns, string name, CancellationToken ct)
    {
        var leases = clientset.CoordinationV1().Leases(ns);
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await leases.ListAsync(new ListOptions { FieldSelector = "metadata.name=" + name }, ct);
                    foreach (var lease in list.Items ?? new List<Lease>()) Add(lease);
                    resourceVersion = list.Metadata?.ResourceVersion;
                    _started.TrySetResult();
                }
                await foreach (var e in leases.WatchAsync(new ListOptions { FieldSelector = "metadata.name=" + name, ResourceVersion = resourceVersion, TimeoutSeconds = 300 }, ct))
                {
                    if (e.Type is WatchEventType.Added or WatchEventType.Modified) Add(e.Object);
                    resourceVersion = e.Object.Metadata?.ResourceVersion ?? resourceVersion;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsResourceExpired)
            {
                resourceVersion = null;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(500, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Add(Lease lease)
    {
        if (lease.Spec is null) return;
        lock (_records)
        {
            var last = _records.LastOrDefault();
            if (last is not null && last.HolderIdentity == lease.Spec.HolderIdentity && last.RenewTime == lease.Spec.RenewTime && last.AcquireTime == lease.Spec.AcquireTime) return;
            _records.Add(lease.Spec);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Operations;

public sealed class RolloutWaiterTests
{
    private static Unstructured Deployment(long generation, string resourceVersion) => Unstructured.Parse(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\","
        + $"\"generation\":{generation},\"resourceVersion\":\"{resourceVersion}\"}},\"spec\":{{\"replicas\":1}},"
        + $"\"status\":{{\"observedGeneration\":{generation},\"replicas\":1,\"updatedReplicas\":1,\"readyReplicas\":1,\"availableReplicas\":1}}}}");

    [Fact]
    public async Task A_shared_informer_whose_cache_trails_a_change_is_not_judged_until_it_holds_that_generation()
    {
        // The cache holds generation 1, its rollout complete; the change just made is generation 2, not yet watched.
        var server = new OneDeployment(Deployment(1, "10"));
        var informer = new SharedIndexInformer<Unstructured>(server, options: FastRetries.Informer());
        using var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);
        var statuses = new List<string>();

        var waiting = RolloutWaiter.WaitAsync(informer, "default/web", revision: 0, minimumGeneration: 2, s => { lock (statuses) statuses.Add(s.Message); }, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the cached generation 1 must not end the wait for generation 2");

        server.Modified(Deployment(2, "11"));
        var done = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, done.Generation);
        cts.Cancel();
    }

    [Fact]
    public async Task Without_a_minimum_generation_the_cached_state_is_judged_at_once()
    {
        var server = new OneDeployment(Deployment(1, "10"));
        var informer = new SharedIndexInformer<Unstructured>(server, options: FastRetries.Informer());
        using var cts = new CancellationTokenSource();
        informer.Start(cts.Token);
        await informer.WaitForCacheSyncAsync(CancellationToken.None);

        var done = await RolloutWaiter.WaitAsync(informer, "default/web", 0, 0, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, done.Generation);
        cts.Cancel();
    }

    /// <summary>Lists one Deployment, then watches only what the test sends.</summary>
    private sealed class OneDeployment : IListerWatcher<Unstructured>
    {
        private readonly Unstructured _listed;
        private readonly Channel<WatchEvent<Unstructured>> _events = Channel.CreateUnbounded<WatchEvent<Unstructured>>();

        public OneDeployment(Unstructured listed) => _listed = listed;

        public void Modified(Unstructured obj) => _events.Writer.TryWrite(new WatchEvent<Unstructured>(WatchEventType.Modified, obj));

        public Task<IKubeList<Unstructured>> ListAsync(ListOptions options, CancellationToken cancellationToken)
        {
            var list = new UnstructuredList("apps/v1", "DeploymentList") { ResourceVersion = _listed.ResourceVersion };
            list.Items.Add(_listed.DeepCopy());
            return Task.FromResult<IKubeList<Unstructured>>(list);
        }

        public async IAsyncEnumerable<WatchEvent<Unstructured>> WatchAsync(ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
                yield return e;
        }
    }
}

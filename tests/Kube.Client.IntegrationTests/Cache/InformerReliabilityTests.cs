using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>
/// Informers through outages: an apiserver killed and restarted, etcd compacted while the watch is
/// down, a stream cut in the middle of an event, and 429s from an apiserver with one request in
/// flight. Each ends comparing the cache with a fresh list from the main server: nothing lost, and
/// no object added twice.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ReliabilityCollection.Name)]
public sealed class InformerReliabilityTests
{
    private readonly ClusterFixture _cluster;
    private readonly ITestOutputHelper _output;

    public InformerReliabilityTests(ClusterFixture cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
    }

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    /// <summary>Backoff short enough for a test (client-go's 800 ms to 30 s otherwise).</summary>
    private static SharedIndexInformerOptions Tuned() => new()
    {
        Reflector = new ReflectorOptions { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(2) },
    };

    private static RestClient Client(RestConfig config, RetryPolicy? retry = null)
    {
        var rest = RestClient.Create(config);
        rest.RetryPolicy = retry ?? new RetryPolicy(1, new Backoff(TimeSpan.FromMilliseconds(100), factor: 2, jitter: 0.1, cap: TimeSpan.FromSeconds(1)));
        return rest;
    }

    /// <summary>An informer on this class's namespace with one label, its probe and the errors its reflector reported.</summary>
    private sealed class Watched : IAsyncDisposable
    {
        private readonly SharedInformerFactory _factory;
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(5));

        public Watched(RestClient rest, string ns, string selector)
        {
            _factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = ns, LabelSelector = selector, InformerOptions = Tuned() });
            Informer = _factory.ConfigMaps();
            Informer.AddEventHandler(Probe);
            Informer.SetWatchErrorHandler(e => { lock (Errors) Errors.Add(e); });
        }

        public SharedIndexInformer<ConfigMap> Informer { get; }

        public InformerProbe<ConfigMap> Probe { get; } = new();

        public List<Exception> Errors { get; } = new();

        public bool ReportedError(Func<Exception, bool> which)
        {
            lock (Errors) return Errors.Any(which);
        }

        public void Start() => _factory.Start(_stop.Token);

        public async Task StartAsync()
        {
            Start();
            await WaitSyncedAsync();
        }

        public async Task WaitSyncedAsync()
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var synced = await _factory.WaitForCacheSyncAsync(bound.Token);
            Assert.True(synced.Values.Single(), $"{Informer.Name} did not sync: {Informer.Statistics}");
            await Eventually.UntilAsync("the first watch", _ => Task.FromResult(Informer.Statistics.Watches > 0));
        }

        public async ValueTask DisposeAsync()
        {
            await _factory.ShutdownAsync();
            _stop.Dispose();
        }
    }

    private async Task CreateAsync(string selectorValue, IEnumerable<string> names, int dataBytes = 0)
    {
        var labels = Objects.Labels(("informer", selectorValue));
        var data = dataBytes > 0 ? new Dictionary<string, string> { ["payload"] = new string('x', dataBytes) } : null;
        using var parallel = new SemaphoreSlim(4);
        await Task.WhenAll(names.Select(async name =>
        {
            await parallel.WaitAsync();
            try { await ConfigMaps.CreateAsync(Objects.ConfigMap(name, labels, data)); }
            finally { parallel.Release(); }
        }));
    }

    private Task ConvergesAsync(Watched watched, string selector) =>
        InformerProbe<ConfigMap>.ConvergesAsync(watched.Informer, async ct =>
            (await ConfigMaps.ListAsync(new ListOptions { LabelSelector = selector }, ct)).Items!);

    /// <summary>Changes made through the main server while the informer's server is down.</summary>
    private async Task ChangeMeanwhileAsync(string value)
    {
        await CreateAsync(value, Enumerable.Range(0, 5).Select(i => $"{value}-after-{i}"));
        for (int i = 0; i < 3; i++) await ConfigMaps.PatchAsync($"{value}-before-{i}", PatchType.Merge, """{"data":{"changed":"yes"}}""");
        for (int i = 3; i < 6; i++) await ConfigMaps.DeleteAsync($"{value}-before-{i}");
    }

    private static void AssertSawTheChanges(Watched watched, string value)
    {
        var events = watched.Probe.Events;
        for (int i = 0; i < 5; i++) Assert.Contains($"add {value}-after-{i}", events);
        for (int i = 0; i < 3; i++) Assert.Contains($"update {value}-before-{i}", events);
        for (int i = 3; i < 6; i++)
            Assert.True(events.Contains($"delete {value}-before-{i}") || events.Contains($"delete {value}-before-{i} tombstone"), $"no delete of {value}-before-{i} in [{string.Join(", ", events)}]");
        Assert.Empty(watched.Probe.DuplicateAdds);
    }

    [Fact]
    public async Task Killing_and_restarting_the_apiserver_loses_nothing_and_adds_nothing_twice()
    {
        await CreateAsync("restart", Enumerable.Range(0, 10).Select(i => $"restart-before-{i}"));
        await using var own = await OwnApiServer.StartAsync();
        using var rest = Client(own.AdminConfig);
        await using var watched = new Watched(rest, _cluster.Namespace, "informer=restart");
        await watched.StartAsync();

        await own.KillAsync();
        await ChangeMeanwhileAsync("restart");
        await own.StartAgainAsync();

        await ConvergesAsync(watched, "informer=restart");
        AssertSawTheChanges(watched, "restart");
        var stats = watched.Informer.Statistics;
        _output.WriteLine($"reflector: {stats}");
        Assert.True(stats.WatchesCut + stats.WatchesConnectionRefused > 0, $"the outage went unnoticed: {stats}");
    }

    [Fact]
    public async Task After_etcd_compaction_the_next_watch_gets_410_and_the_informer_relists()
    {
        await CreateAsync("compact", Enumerable.Range(0, 10).Select(i => $"compact-before-{i}"));
        await using var own = await OwnApiServer.StartAsync();
        using var rest = Client(own.AdminConfig);
        await using var watched = new Watched(rest, _cluster.Namespace, "informer=compact");
        await watched.StartAsync();

        await own.KillAsync();
        await ChangeMeanwhileAsync("compact");
        _output.WriteLine((await ClusterScript.EtcdCompactAsync()).Trim());
        await own.StartAgainAsync();

        await ConvergesAsync(watched, "informer=compact");
        AssertSawTheChanges(watched, "compact");
        var stats = watched.Informer.Statistics;
        _output.WriteLine($"reflector: {stats}");
        Assert.True(stats.WatchesExpired >= 1, $"no watch got 410: {stats}");
        Assert.True(stats.Relists >= 1, $"no relist: {stats}");
        Assert.True(watched.ReportedError(e => e is KubeApiException k && k.IsResourceExpired));
    }

    [Fact]
    public async Task Watch_streams_cut_in_the_middle_of_events_resume_without_loss_or_duplicates()
    {
        await using var proxy = new CuttingProxy(_cluster.Config.Host.Port);
        var config = _cluster.Config.Clone();
        config.Host = new Uri($"https://127.0.0.1:{proxy.Port}");
        config.Qps = 0;
        using var rest = Client(config);
        await using var watched = new Watched(rest, _cluster.Namespace, "informer=cut");
        await watched.StartAsync();

        // A burst of ~1.3 KB events; the proxy cuts the stream a few hundred to a few thousand bytes in.
        var burst = CreateAsync("cut", Enumerable.Range(0, 200).Select(i => $"cut-{i:D3}"), dataBytes: 1024);
        var random = new Random();
        int poke = 0;
        for (int cut = 1; cut <= 3; cut++)
        {
            long watches = watched.Informer.Statistics.Watches;
            int expected = cut;
            // A cut can land on bytes that are not the watch's: the TLS handshake of the connection the
            // next watch is still opening, which the handler retries on a new connection by itself. Such
            // a cut never reaches the reflector, so one that went unseen for a few seconds is armed again.
            int armed = proxy.Cuts + 1;
            proxy.CutAfter(random.Next(300, 6000));
            var fired = System.Diagnostics.Stopwatch.StartNew();
            bool waitingAfterFire = false;
            try
            {
                // Once the burst is over, changes keep bytes flowing until the cut comes.
                await Eventually.UntilAsync($"cut {cut} to reach the watch", async ct =>
                {
                    if (watched.Informer.Statistics.WatchesCut >= expected) return true;
                    if (proxy.Cuts >= armed)
                    {
                        if (!waitingAfterFire) { waitingAfterFire = true; fired.Restart(); }
                        else if (fired.Elapsed > TimeSpan.FromSeconds(5))
                        {
                            waitingAfterFire = false;
                            armed = proxy.Cuts + 1;
                            proxy.CutAfter(random.Next(300, 6000));
                        }
                    }
                    if (burst.IsCompleted) await ConfigMaps.PatchAsync($"cut-{poke++ % 200:D3}", PatchType.Merge, "{\"data\":{\"poke\":\"" + poke + "\"}}", cancellationToken: ct);
                    return false;
                }, TimeSpan.FromSeconds(120));
                await Eventually.UntilAsync("the informer to watch again", _ => Task.FromResult(watched.Informer.Statistics.Watches > watches));
            }
            catch (TimeoutException e)
            {
                string errors;
                lock (watched.Errors) errors = string.Join(" | ", watched.Errors.Select(x => x.GetType().Name + ": " + x.Message));
                throw new TimeoutException($"{e.Message} Reflector {watched.Informer.Statistics}; proxy connections {proxy.Accepted}, cuts {proxy.Cuts}; errors [{errors}]", e);
            }
        }
        await burst;
        for (int i = 0; i < 20; i++) await ConfigMaps.PatchAsync($"cut-{i:D3}", PatchType.Merge, """{"data":{"changed":"yes"}}""");
        for (int i = 20; i < 40; i++) await ConfigMaps.DeleteAsync($"cut-{i:D3}");

        await ConvergesAsync(watched, "informer=cut");
        Assert.Empty(watched.Probe.DuplicateAdds);
        var stats = watched.Informer.Statistics;
        _output.WriteLine($"reflector: {stats}; proxy connections {proxy.Accepted}, cuts {proxy.Cuts}");
        Assert.True(stats.WatchesCut >= 3, $"fewer than 3 watch streams were cut: {stats}");
    }

    [Fact]
    public async Task Lists_refused_with_429_by_an_apiserver_with_one_request_in_flight_are_retried_until_the_cache_converges()
    {
        await CreateAsync("throttle", Enumerable.Range(0, 20).Select(i => $"throttle-before-{i}"));
        // Priority and fairness (on by default in 1.20) would queue requests instead of refusing them.
        await using var own = await OwnApiServer.StartAsync("--max-requests-inflight=1", "--max-mutating-requests-inflight=1", "--enable-priority-and-fairness=false");

        // system:masters is never refused, so the flood and the informer use the viewer.
        using var flooding = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var floodRest = Client(own.ViewerConfig, RetryPolicy.None);
        var floodClient = new Clientset(floodRest).CoreV1().ConfigMaps(_cluster.Namespace);
        long refused = 0;
        var flood = Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            while (!flooding.IsCancellationRequested)
            {
                try { await floodClient.ListAsync(cancellationToken: flooding.Token); }
                catch (KubeApiException e) when (e.IsTooManyRequests) { Interlocked.Increment(ref refused); }
                catch (OperationCanceledException) { }
            }
        })).ToArray();
        try
        {
            await Eventually.UntilAsync("the flood to be refused", _ => Task.FromResult(Interlocked.Read(ref refused) > 0));

            using var rest = Client(own.ViewerConfig, RetryPolicy.None);
            // An informer lists once; one whose list slipped between the flood's requests is replaced
            // until one is refused.
            Watched? watched = null;
            for (int attempt = 1; watched is null; attempt++)
            {
                var candidate = new Watched(rest, _cluster.Namespace, "informer=throttle");
                candidate.Start();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(5) && !candidate.ReportedError(e => e is KubeApiException k && k.IsTooManyRequests) && !candidate.Informer.HasSynced)
                    await Task.Delay(20);
                if (candidate.ReportedError(e => e is KubeApiException k && k.IsTooManyRequests))
                {
                    watched = candidate;
                    _output.WriteLine($"informer {attempt} was refused");
                    break;
                }
                await candidate.DisposeAsync();
                Assert.True(attempt < 30, "30 informers listed without a single 429");
            }
            try
            {
                await CreateAsync("throttle", Enumerable.Range(0, 5).Select(i => $"throttle-during-{i}"));
                await ConfigMaps.DeleteAsync("throttle-before-0");
                flooding.Cancel();
                await Task.WhenAll(flood);

                await watched.WaitSyncedAsync();
                await ConvergesAsync(watched, "informer=throttle");
                Assert.Empty(watched.Probe.DuplicateAdds);
                var stats = watched.Informer.Statistics;
                _output.WriteLine($"reflector: {stats}; flood refused {Interlocked.Read(ref refused)} times");
                Assert.True(stats.ListErrors >= 1, $"no list was refused: {stats}");
            }
            finally
            {
                await watched.DisposeAsync();
            }
        }
        finally
        {
            flooding.Cancel();
            await Task.WhenAll(flood);
        }
    }
}

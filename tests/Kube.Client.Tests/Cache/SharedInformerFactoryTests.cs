using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Kube.Client.Typed.CoreV1;
using Xunit;

namespace Kube.Client.Tests.Cache;

public class SharedInformerFactoryTests
{
    /// <summary>Answers every list with an empty list and holds every watch open until it is cancelled.</summary>
    private sealed class EmptyServer : HttpMessageHandler
    {
        public List<string> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request.RequestUri!.PathAndQuery);
            if (request.RequestUri!.Query.Contains("watch=true"))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return Responses.Ok("{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}");
        }

        public string[] Snapshot()
        {
            lock (Requests) return Requests.ToArray();
        }
    }

    [Fact]
    public void One_informer_per_type_and_resource()
    {
        using var rest = TestRest.Create(new EmptyServer());
        var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = "ns" });
        Assert.Same(factory.ConfigMaps(), factory.InformerFor(ConfigMapsClient.Descriptor));
        Assert.NotSame((object)factory.ConfigMaps(), factory.Pods());
        var widgets = new GroupVersionResource("example.com", "v1", "widgets");
        Assert.Same(factory.ForResource(widgets), factory.ForResource(widgets));
        Assert.NotSame(factory.ForResource(widgets), factory.ForResource(widgets, namespaced: false));
        Assert.NotSame(factory.ForResource(widgets), factory.ForResource(new GroupVersionResource("example.com", "v2", "widgets")));
        Assert.Contains(CacheKeys.NamespaceIndex, factory.ConfigMaps().GetIndexer().GetIndexers().Keys);
    }

    [Fact]
    public async Task Informers_list_and_watch_in_the_factorys_scope()
    {
        var server = new EmptyServer();
        using var rest = TestRest.Create(server);
        await using var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions
        {
            Namespace = "ns",
            LabelSelector = "app=web",
            FieldSelector = "metadata.name=x",
            TweakListOptions = o => o.TimeoutSeconds ??= 1,
        });
        factory.ConfigMaps();
        factory.Namespaces();
        factory.ForResource(new GroupVersionResource("example.com", "v1", "widgets"));
        factory.ForResource(new GroupVersionResource("example.com", "v1", "gadgets"), namespaced: false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        factory.Start(cts.Token);
        var synced = await factory.WaitForCacheSyncAsync(cts.Token);
        Assert.Equal(4, synced.Count);
        Assert.All(synced.Values, Assert.True);

        var requests = server.Snapshot();
        Assert.Contains(requests, r => r.StartsWith("/api/v1/namespaces/ns/configmaps?"));
        Assert.Contains(requests, r => r.StartsWith("/api/v1/namespaces?"));
        Assert.Contains(requests, r => r.StartsWith("/apis/example.com/v1/namespaces/ns/widgets?"));
        Assert.Contains(requests, r => r.StartsWith("/apis/example.com/v1/gadgets?"));
        Assert.All(requests, r => Assert.Contains("labelSelector=app%3Dweb", r));
        Assert.All(requests, r => Assert.Contains("fieldSelector=metadata.name%3Dx", r));
        Assert.All(requests.Where(r => !r.Contains("watch=true")), r => Assert.Contains("timeoutSeconds=1", r));
    }

    [Fact]
    public async Task Start_starts_informers_made_since_and_shutdown_stops_them_all()
    {
        using var rest = TestRest.Create(new EmptyServer());
        var factory = new SharedInformerFactory(rest);
        var configMaps = factory.ConfigMaps();
        using var cts = new CancellationTokenSource();
        factory.Start(cts.Token);
        Assert.True(configMaps.IsStarted);
        var pods = factory.Pods();
        Assert.False(pods.IsStarted);
        factory.Start(cts.Token);
        Assert.True(pods.IsStarted);

        await factory.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(configMaps.IsStopped);
        Assert.True(pods.IsStopped);
        factory.Services();
        Assert.Throws<InvalidOperationException>(() => factory.Start(cts.Token));
    }

    [Fact]
    public async Task Cancelling_the_start_token_stops_the_informers()
    {
        using var rest = TestRest.Create(new EmptyServer());
        var factory = new SharedInformerFactory(rest);
        var informer = factory.Secrets();
        using var cts = new CancellationTokenSource();
        factory.Start(cts.Token);
        cts.Cancel();
        await informer.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(informer.IsStopped);
    }

    [Fact]
    public void A_bad_label_selector_fails_when_the_factory_is_made()
    {
        using var rest = TestRest.Create(new EmptyServer());
        var e = Assert.Throws<ArgumentException>(() => new SharedInformerFactory(rest, new SharedInformerFactoryOptions { LabelSelector = "a in (b" }));
        Assert.Contains("a in (b", e.Message);
    }

    [Fact]
    public void Listers_come_from_the_shared_informer()
    {
        using var rest = TestRest.Create(new EmptyServer());
        var factory = new SharedInformerFactory(rest);
        var lister = factory.ListerFor(ConfigMapsClient.Descriptor);
        factory.ConfigMaps().GetIndexer().Add(new Kube.Client.Models.CoreV1.ConfigMap { Metadata = new() { Name = "a", Namespace = "ns" } });
        Assert.NotNull(lister.Namespace("ns").Get("a"));
    }

    [Fact]
    public async Task A_scope_gets_its_own_informer_shared_by_everyone_who_asks_for_that_scope()
    {
        var server = new EmptyServer();
        using var rest = TestRest.Create(server);
        await using var factory = new SharedInformerFactory(rest);
        var widgets = new GroupVersionResource("example.com", "v1", "widgets");
        var named = new InformerScope("ns", null, "metadata.name=w");

        Assert.Same(factory.ForResource(widgets, true, named), factory.ForResource(widgets, true, new InformerScope("ns", "", "metadata.name=w")));
        Assert.NotSame(factory.ForResource(widgets, true, named), factory.ForResource(widgets, true, new InformerScope("ns")));
        Assert.NotSame(factory.ForResource(widgets, true, named), factory.ForResource(widgets));
        Assert.Same(factory.InformerFor(ConfigMapsClient.Descriptor, new InformerScope("a")), factory.InformerFor(ConfigMapsClient.Descriptor, new InformerScope("a")));
        // A cluster-scoped resource ignores the namespace of a scope.
        Assert.Same(factory.ForResource(widgets, false, new InformerScope("x")), factory.ForResource(widgets, false, new InformerScope("y")));
        Assert.Throws<ArgumentException>(() => factory.ForResource(widgets, true, new InformerScope("ns", "a in (b")));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        factory.Start(cts.Token);
        await factory.WaitForCacheSyncAsync(cts.Token);
        Assert.Contains(server.Snapshot(), r => r.StartsWith("/apis/example.com/v1/namespaces/ns/widgets?fieldSelector=metadata.name%3Dw"));
    }

    [Fact]
    public async Task Remove_stops_one_informer_and_forgets_it_and_leaves_the_others_running()
    {
        using var rest = TestRest.Create(new EmptyServer());
        await using var factory = new SharedInformerFactory(rest);
        var configMaps = factory.ConfigMaps();
        var pods = factory.Pods();
        var outside = factory.Secrets();
        using var own = new CancellationTokenSource();
        outside.Start(own.Token);
        using var cts = new CancellationTokenSource();
        factory.Start(cts.Token);

        Assert.True(await factory.RemoveAsync(configMaps).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(configMaps.IsStopped);
        Assert.False(pods.IsStopped);
        Assert.NotSame(configMaps, factory.ConfigMaps());
        Assert.False(await factory.RemoveAsync(configMaps));

        // One someone else started is theirs to stop.
        Assert.True(await factory.RemoveAsync(outside).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(outside.IsStopped);
        own.Cancel();
    }
}

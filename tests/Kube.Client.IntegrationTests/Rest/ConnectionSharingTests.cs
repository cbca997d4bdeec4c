using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Rest;

/// <summary>One RestClient: HTTP/2 on the wire, many requests at once, and its QPS limiter.</summary>
[Trait("Category", "Integration")]
public sealed class ConnectionSharingTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public ConnectionSharingTests(ClusterFixture cluster) => _cluster = cluster;

    [Fact]
    public async Task Requests_go_over_http2_and_traces_redact_the_token()
    {
        var listener = new RecordingListener { TraceEnabled = true };

        using (RequestListenerScope.Push(listener))
        {
            await _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace).ListAsync();
        }

        var traces = listener.Traces;
        Assert.Contains(traces, t => t.StartsWith("GET https://127.0.0.1:16443/api/v1/namespaces/" + _cluster.Namespace + "/configmaps HTTP/2.0", StringComparison.Ordinal));
        Assert.Contains(traces, t => t.StartsWith("200 OK HTTP/2.0 ", StringComparison.Ordinal));
        Assert.Contains(traces, t => t.Contains("Authorization: Bearer <redacted>"));
        Assert.DoesNotContain(traces, t => t.Contains(_cluster.Config.BearerToken!));
    }

    [Fact]
    public async Task One_client_serves_fifty_parallel_requests_each_with_its_own_answer()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            configMaps.CreateAsync(Objects.ConfigMap($"parallel-{i}", data: new Dictionary<string, string> { ["index"] = i.ToString() }))));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var cm = await configMaps.GetAsync($"parallel-{i % 10}");
            return (Asked: i % 10, Name: cm.Metadata!.Name, Index: cm.Data!["index"]);
        }));

        Assert.All(answers, a =>
        {
            Assert.Equal($"parallel-{a.Asked}", a.Name);
            Assert.Equal(a.Asked.ToString(), a.Index);
        });
    }

    /// <summary>
    /// 20 requests at 10 QPS with a burst of 2: the last cannot start before 1.8 s have passed.
    /// Only that lower bound is checked (with slack), never how fast it went.
    /// </summary>
    [Fact]
    public async Task Qps_limiter_spaces_the_requests_of_all_callers_of_a_client()
    {
        var config = _cluster.Config.Clone();
        config.Qps = 10;
        config.Burst = 2;
        using var rest = RestClient.Create(config);
        var configMaps = new Clientset(rest).CoreV1().ConfigMaps(_cluster.Namespace);
        var limiter = Assert.IsType<TokenBucketRateLimiter>(rest.RateLimiter);
        Assert.Equal(10, limiter.Qps);
        Assert.Equal(2, limiter.Burst);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => configMaps.ListAsync()));
        clock.Stop();

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"20 requests at 10 QPS (burst 2) took only {clock.Elapsed.TotalSeconds:0.00} s");
    }
}

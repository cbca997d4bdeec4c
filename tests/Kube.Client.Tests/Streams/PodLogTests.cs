using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Logs;
using Kube.Client.Streams.Targets;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>Pod logs against an in-process server: lines as they arrive, options as query, followed and merged logs, cuts and refusals.</summary>
public sealed class PodLogTests : IAsyncLifetime
{
    private readonly StreamingTestServer _server = new();
    private readonly ConcurrentDictionary<string, string> _pods = new();
    private readonly ConcurrentDictionary<string, Channel<string>> _followed = new();
    private RestClient _rest = null!;

    /// <summary>Static log text per "pod/container".</summary>
    private readonly ConcurrentDictionary<string, string> _logs = new();

    public Task InitializeAsync()
    {
        _rest = RestClient.Create(new RestConfig { Host = _server.Url, Qps = 0 });
        _pods["web"] = FakeKubelet.PodJson("ns", "web", containers: new[] { "app", "sidecar" });
        _server.Handler = Handle;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _server.DisposeAsync();
    }

    private async Task Handle(StreamRequest request, StreamExchange exchange)
    {
        var parts = request.Path.Trim('/').Split('/');
        string pod = parts[5];
        if (!_pods.TryGetValue(pod, out var json))
        {
            await exchange.RespondStatusAsync(404, "NotFound", $"pods \"{pod}\" not found");
            return;
        }
        if (parts.Length == 6)
        {
            await exchange.RespondAsync(200, json);
            return;
        }
        string container = request.QueryValue("container") ?? "";
        string key = pod + "/" + container;
        if (!json.Contains($"\"name\":\"{container}\""))
        {
            await exchange.RespondStatusAsync(400, "BadRequest", $"container {container} is not valid for pod {pod}");
            return;
        }
        await exchange.StartChunkedAsync();
        if (_followed.TryGetValue(key, out var live) && request.QueryValue("follow") == "true")
        {
            await foreach (var chunk in live.Reader.ReadAllAsync(exchange.Stopping))
            {
                if (chunk == "<cut>")
                {
                    exchange.Stream.Dispose();
                    return;
                }
                await exchange.WriteChunkAsync(Encoding.UTF8.GetBytes(chunk), exchange.Stopping);
            }
        }
        else
        {
            string text = _logs.TryGetValue(key, out var t) ? t : "";
            var bytes = Encoding.UTF8.GetBytes(text);
            // Split in awkward places: mid-line and mid-character.
            for (int i = 0; i < bytes.Length; i += 7) await exchange.WriteChunkAsync(bytes.AsMemory(i, Math.Min(7, bytes.Length - i)));
        }
        await exchange.EndChunkedAsync();
    }

    [Fact]
    public async Task Lines_arrive_whole_however_the_stream_is_cut()
    {
        _logs["web/app"] = "first line\nsecond – ünïcödé\r\n\nlast without newline";

        var lines = await Pods.GetLogsAsync("web", new PodLogOptions { Container = "app" }).Select(l => l.Line).ToListAsync();

        Assert.Equal(new[] { "first line", "second – ünïcödé", "", "last without newline" }, lines);
    }

    [Fact]
    public async Task Options_become_the_query_kubectl_sends()
    {
        _logs["web/app"] = "x\n";
        var options = new PodLogOptions { Container = "app", Previous = true, Since = TimeSpan.FromSeconds(90.5), TailLines = 10, LimitBytes = 2048, Timestamps = true };

        await Pods.GetLogsAsync("web", options).ToListAsync();

        var request = _server.Requests.Single();
        Assert.Equal("/api/v1/namespaces/ns/pods/web/log", request.Path);
        Assert.Equal("app", request.QueryValue("container"));
        Assert.Equal("true", request.QueryValue("previous"));
        Assert.Equal("91", request.QueryValue("sinceSeconds"));
        Assert.Equal("10", request.QueryValue("tailLines"));
        Assert.Equal("2048", request.QueryValue("limitBytes"));
        Assert.Equal("true", request.QueryValue("timestamps"));
        Assert.Null(request.QueryValue("follow"));
    }

    [Fact]
    public async Task Timestamps_are_split_off_with_their_nanoseconds_kept_as_written()
    {
        _logs["web/app"] = "2024-03-01T10:20:30.123456789Z hello world\n";

        var line = (await Pods.GetLogsAsync("web", new PodLogOptions { Container = "app", Timestamps = true }).ToListAsync()).Single();

        Assert.Equal("hello world", line.Line);
        Assert.Equal("2024-03-01T10:20:30.123456789Z", line.RawTimestamp);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567), line.Timestamp);
        Assert.Equal("[pod/web/app]", line.Prefix);
    }

    [Fact]
    public async Task Without_a_container_the_pods_default_one_is_read()
    {
        _pods["web"] = FakeKubelet.PodJson("ns", "web", containers: new[] { "app", "sidecar" }, defaultContainer: "sidecar");
        _logs["web/sidecar"] = "from the sidecar\n";

        var lines = await Pods.GetLogsAsync("web").ToListAsync();

        Assert.Equal("sidecar", lines.Single().Container);
        Assert.Equal("from the sidecar", lines.Single().Line);
    }

    [Fact]
    public async Task An_unknown_container_names_the_pods_containers()
    {
        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() =>
            Pods.GetLogsAsync("web", new PodLogOptions { Container = "nope" }).ToListAsync().AsTask());

        Assert.Equal("pod ns/web has no container \"nope\"; its containers are: app, sidecar", error.Message);
    }

    [Fact]
    public async Task A_pod_not_scheduled_yet_is_refused_rather_than_read_as_empty()
    {
        _pods["pending"] = FakeKubelet.PodJson("ns", "pending", phase: "Pending", node: null);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() => Pods.GetLogsAsync("pending").ToListAsync().AsTask());

        Assert.Contains("not scheduled to a node yet", error.Message);
    }

    [Fact]
    public async Task A_followed_log_yields_each_line_as_it_is_written()
    {
        var live = Channel.CreateUnbounded<string>();
        _followed["web/app"] = live;
        await using var lines = Pods.GetLogsAsync("web", new PodLogOptions { Container = "app", Follow = true }).GetAsyncEnumerator();

        live.Writer.TryWrite("one\ntw");
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal("one", lines.Current.Line);
        live.Writer.TryWrite("o\n");
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal("two", lines.Current.Line);
        live.Writer.TryComplete();
        Assert.False(await lines.MoveNextAsync());
    }

    [Fact]
    public async Task A_followed_log_cut_mid_stream_ends_with_a_connection_error_not_a_hang()
    {
        var live = Channel.CreateUnbounded<string>();
        _followed["web/app"] = live;
        live.Writer.TryWrite("before\n");
        live.Writer.TryWrite("<cut>");

        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<KubeConnectionException>(async () =>
        {
            await foreach (var line in Pods.GetLogsAsync("web", new PodLogOptions { Container = "app", Follow = true }))
                seen.Add(line.Line);
        });

        Assert.Equal(new[] { "before" }, seen);
        Assert.Contains("log stream of container app of pod ns/web", error.Message);
        Assert.Contains("was cut", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_followed_log_closes_its_connection()
    {
        var live = Channel.CreateUnbounded<string>();
        _followed["web/app"] = live;
        using var cts = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in Pods.GetLogsAsync("web", new PodLogOptions { Container = "app", Follow = true }, cts.Token)) { }
        });
        await Poll.UntilAsync(() => _server.OpenConnections == 1, "the log request");

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        // The server notices when it next writes; a heartbeat line makes it write.
        live.Writer.TryWrite("ping\n");
        await Poll.UntilAsync(() => _server.OpenConnections == 0, "the server to see the connection close");
    }

    [Fact]
    public async Task Logs_of_several_containers_come_one_after_another_without_follow()
    {
        _logs["web/app"] = "a1\na2\n";
        _logs["web/sidecar"] = "s1\n";
        var sources = PodLogSources.For(Pod(), null, allContainers: true);

        var lines = await new PodLogMerger(_rest).ReadAsync(sources, new PodLogOptions()).Select(l => $"{l.Prefix} {l.Line}").ToListAsync();

        Assert.Equal(new[] { "[pod/web/app] a1", "[pod/web/app] a2", "[pod/web/sidecar] s1" }, lines);
    }

    [Fact]
    public async Task Followed_logs_interleave_as_their_lines_arrive()
    {
        var app = Channel.CreateUnbounded<string>();
        var sidecar = Channel.CreateUnbounded<string>();
        _followed["web/app"] = app;
        _followed["web/sidecar"] = sidecar;
        var sources = PodLogSources.For(Pod(), null, allContainers: true);
        await using var lines = new PodLogMerger(_rest).ReadAsync(sources, new PodLogOptions { Follow = true }).GetAsyncEnumerator();

        sidecar.Writer.TryWrite("s1\n");
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal(("sidecar", "s1"), (lines.Current.Container, lines.Current.Line));
        app.Writer.TryWrite("a1\n");
        Assert.True(await lines.MoveNextAsync());
        Assert.Equal(("app", "a1"), (lines.Current.Container, lines.Current.Line));
        app.Writer.TryComplete();
        sidecar.Writer.TryComplete();
        Assert.False(await lines.MoveNextAsync());
    }

    [Fact]
    public void Following_more_logs_than_the_limit_is_refused_up_front()
    {
        var sources = Enumerable.Range(0, 6).Select(i => new LogSource("ns", "p" + i, "c")).ToList();

        var error = Assert.Throws<ArgumentException>(() => new PodLogMerger(_rest).ReadAsync(sources, new PodLogOptions { Follow = true }));

        Assert.Contains("6 streams at once, more than the limit of 5", error.Message);
    }

    [Fact]
    public async Task A_failing_source_is_reported_and_the_others_go_on()
    {
        _logs["web/app"] = "fine\n";
        var sources = new[] { new LogSource("ns", "gone", "app"), new LogSource("ns", "web", "app") };
        var failures = new List<(LogSource, Exception)>();

        var lines = await new PodLogMerger(_rest).ReadAsync(sources, new PodLogOptions(), (s, e) => failures.Add((s, e))).Select(l => l.Line).ToListAsync();

        Assert.Equal(new[] { "fine" }, lines);
        Assert.Equal("gone", failures.Single().Item1.Pod);
        Assert.True(failures.Single().Item2 is KubeApiException { IsNotFound: true });
    }

    [Fact]
    public void Since_and_SinceTime_exclude_each_other()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PodLogMerger(_rest).ReadAsync(new[] { new LogSource("ns", "web", "app") }, new PodLogOptions { Since = TimeSpan.FromMinutes(1), SinceTime = DateTimeOffset.UtcNow }));

        Assert.Contains("Since and SinceTime exclude each other", error.Message);
    }

    private Kube.Client.Typed.CoreV1.PodsClient Pods => new Clientset(_rest).CoreV1().Pods("ns");

    private Pod Pod() => System.Text.Json.JsonSerializer.Deserialize(_pods["web"], Kube.Client.Models.KubeJsonContext.Default.CoreV1Pod)!;
}

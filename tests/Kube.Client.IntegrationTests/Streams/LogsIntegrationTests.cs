using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Cache;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Logs;
using Kube.Client.Streams.Targets;
using Xunit;

namespace Kube.Client.IntegrationTests.Streams;

/// <summary>Pod logs from the real node, with kubectl logs as the oracle.</summary>
public sealed class LogsIntegrationTests : IClassFixture<StreamPodsFixture>
{
    private readonly StreamPodsFixture _pods;

    public LogsIntegrationTests(StreamPodsFixture pods) => _pods = pods;

    private Kube.Client.Typed.CoreV1.PodsClient Pods => _pods.Clientset.CoreV1().Pods(_pods.Namespace);

    private async Task<string> OursAsync(string pod, PodLogOptions options)
    {
        var lines = new List<string>();
        await foreach (var line in Pods.GetLogsAsync(pod, options))
            lines.Add(options.Timestamps ? line.RawTimestamp + " " + line.Line : line.Line);
        return string.Concat(lines.Select(l => l + "\n"));
    }

    public static TheoryData<string, string[]> Cases => new()
    {
        { "app", Array.Empty<string>() },
        { "app", new[] { "--tail=7" } },
        { "app", new[] { "--tail=0" } },
        { "app", new[] { "--timestamps" } },
        { "sidecar", Array.Empty<string>() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Logs_equal_kubectl_logs(string container, string[] flags)
    {
        var options = new PodLogOptions
        {
            Container = container,
            TailLines = flags.FirstOrDefault(f => f.StartsWith("--tail=", StringComparison.Ordinal)) is { } tail ? long.Parse(tail.Substring(7)) : null,
            Timestamps = flags.Contains("--timestamps"),
        };

        string ours = await OursAsync(StreamPodsFixture.BusyPod, options);
        var kubectl = await _pods.KubectlAsync(new[] { "logs", StreamPodsFixture.BusyPod, "-c", container }.Concat(flags).ToArray());

        Assert.Equal(0, kubectl.ExitCode);
        Assert.Equal(kubectl.Stdout, ours);
        Assert.NotEmpty(ours.Length == 0 && options.TailLines == 0 ? "x" : ours);
    }

    [Fact]
    public async Task Stdout_and_stderr_lines_are_both_in_the_log()
    {
        var lines = (await OursAsync(StreamPodsFixture.BusyPod, new PodLogOptions { Container = "app" })).TrimEnd('\n').Split('\n');

        // The runtime reads the two pipes apart, so the stderr line may come anywhere among the others.
        Assert.Contains("to stderr", lines);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"line {i}"), lines.Where(l => l != "to stderr"));
    }

    [Fact]
    public async Task LimitBytes_cuts_the_log_where_kubectl_does()
    {
        string whole = await OursAsync(StreamPodsFixture.BusyPod, new PodLogOptions { Container = "app" });
        string ours = await OursAsync(StreamPodsFixture.BusyPod, new PodLogOptions { Container = "app", LimitBytes = 20 });
        var kubectl = await _pods.KubectlAsync("logs", StreamPodsFixture.BusyPod, "-c", "app", "--limit-bytes=20");

        // kubectl prints the cut last line without a line break; ours is a whole line.
        Assert.Equal(kubectl.Stdout.TrimEnd('\n'), ours.TrimEnd('\n'));
        Assert.Equal(whole.Substring(0, 20), ours.TrimEnd('\n'));
    }

    [Fact]
    public async Task Without_a_container_a_pod_of_two_is_read_from_its_first()
    {
        var lines = await Pods.GetLogsAsync(StreamPodsFixture.BusyPod).ToListAsync();

        Assert.All(lines, l => Assert.Equal("app", l.Container));
        // The runtime may log the stderr line before the stdout ones it followed (two pipes, two readers).
        Assert.Equal("line 1", lines.First(l => l.Line != "to stderr").Line);
        Assert.Contains(lines, l => l.Line == "to stderr");
    }

    [Fact]
    public async Task A_followed_log_yields_lines_as_they_are_written_and_stops_at_once_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var line in Pods.GetLogsAsync(StreamPodsFixture.TickerPod, new PodLogOptions { Follow = true, TailLines = 1 }, cts.Token))
            {
                lock (seen) seen.Add(line.Line);
            }
        });
        await Eventually.UntilAsync("three new ticks", _ => Task.FromResult(seen.Count >= 3));

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        var ticks = seen.Select(s => int.Parse(s.Split(' ')[1])).ToList();
        Assert.Equal(Enumerable.Range(ticks[0], ticks.Count), ticks);
    }

    [Fact]
    public async Task An_unknown_container_names_the_pods_containers()
    {
        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() =>
            Pods.GetLogsAsync(StreamPodsFixture.BusyPod, new PodLogOptions { Container = "nope" }).ToListAsync().AsTask());

        Assert.Equal($"pod {_pods.Namespace}/busy has no container \"nope\"; its containers are: app, sidecar", error.Message);
        Assert.True(error.InnerException is KubeApiException { IsBadRequest: true });
    }

    [Fact]
    public async Task A_pod_that_is_not_scheduled_is_refused_with_why()
    {
        var pod = StreamPodsFixture.PodSpec(ClusterFixture.UniqueName("pending"), null, ("main", "sleep 1"));
        pod.Spec!.SchedulerName = Objects.NoScheduler;
        await Pods.CreateAsync(pod);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() => Pods.GetLogsAsync(pod.Metadata!.Name!).ToListAsync().AsTask());

        Assert.Equal("Pending", error.Phase);
        Assert.Contains("not scheduled to a node yet", error.Message);
    }

    [Fact]
    public async Task The_pods_of_a_deployment_are_merged_as_kubectl_logs_with_prefix_prints_them()
    {
        var deployment = new Models.AppsV1.Deployment
        {
            Metadata = new ObjectMeta { Name = ClusterFixture.UniqueName("logs") },
            Spec = new Models.AppsV1.DeploymentSpec
            {
                Replicas = 2,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "logs-deploy" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "logs-deploy" } },
                    Spec = StreamPodsFixture.PodSpec("x", null, ("main", "echo hello from $HOSTNAME; exec sleep 3600")).Spec,
                },
            },
        };
        await _pods.Clientset.AppsV1().Deployments(_pods.Namespace).CreateAsync(deployment);
        IReadOnlyList<Pod> pods = Array.Empty<Pod>();
        await Eventually.UntilAsync("the deployment's two pods to run", async ct =>
        {
            pods = await WorkloadPods.ListAsync(_pods.Clientset, WorkloadKind.Deployment, _pods.Namespace, deployment.Metadata.Name!, ct);
            return pods.Count == 2 && pods.All(p => p.Status?.Phase == "Running");
        }, TimeSpan.FromMinutes(3));
        await Eventually.UntilAsync("both pods to have logged", async ct =>
        {
            foreach (var p in pods)
                if ((await Pods.GetLogsAsync(p.Metadata!.Name!, null, ct).ToListAsync(ct)).Count == 0) return false;
            return true;
        });

        var sources = pods.SelectMany(p => PodLogSources.For(p, null, false)).ToList();
        var ours = await new PodLogMerger(_pods.Rest).ReadAsync(sources, new PodLogOptions()).Select(l => $"{l.Prefix} {l.Line}\n").ToListAsync();
        var kubectl = await _pods.KubectlAsync("logs", "-l", "app=logs-deploy", "--prefix");

        // kubectl reads the pods in map order (random between runs): compare the lines as sets.
        Assert.Equal(kubectl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(l => l, StringComparer.Ordinal),
            ours.Select(l => l.TrimEnd('\n')).OrderBy(l => l, StringComparer.Ordinal));
        Assert.Equal(2, ours.Count);
    }

    [Fact]
    public async Task A_followed_log_of_a_pod_deleted_mid_stream_ends_with_an_error()
    {
        string name = ClusterFixture.UniqueName("doomed");
        await _pods.CreateRunningAsync(name, null, ("main", "i=0; while true; do i=$((i+1)); echo \"n $i\"; sleep 0.2; done"));
        var seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in Pods.GetLogsAsync(name, new PodLogOptions { Follow = true })) Interlocked.Increment(ref seen);
        });
        await Eventually.UntilAsync("the first lines", _ => Task.FromResult(Volatile.Read(ref seen) > 2));

        await Pods.DeleteAsync(name, new DeleteOptions { GracePeriodSeconds = 0 });

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() => reading.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("ended because the pod was deleted", error.Message);
    }

    [Fact]
    public async Task A_followed_log_whose_connection_is_cut_ends_with_a_connection_error_not_a_hang()
    {
        await using var proxy = new CuttingProxy(_pods.Cluster.Config.Host.Port);
        var config = _pods.Cluster.Config.Clone();
        config.Host = new Uri($"https://127.0.0.1:{proxy.Port}");
        using var rest = RestClient.Create(config);
        var pods = new Clientset(rest).CoreV1().Pods(_pods.Namespace);
        var seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in pods.GetLogsAsync(StreamPodsFixture.TickerPod, new PodLogOptions { Follow = true, TailLines = 1 })) Interlocked.Increment(ref seen);
        });
        await Eventually.UntilAsync("the first lines", _ => Task.FromResult(Volatile.Read(ref seen) > 2));

        proxy.CutAfter(1);

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => reading.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("was cut", error.Message);
    }
}

using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.MetaV1;
using Kube.Client.Streams.Channels;
using Kube.Client.Streams.RemoteCommand;
using Kube.Client.Streams.Targets;
using Xunit;

namespace Kube.Client.IntegrationTests.Streams;

/// <summary>Exec and attach over WebSocket against the real node, with kubectl exec as the oracle.</summary>
public sealed class ExecIntegrationTests : IClassFixture<StreamPodsFixture>
{
    private readonly StreamPodsFixture _pods;

    public ExecIntegrationTests(StreamPodsFixture pods) => _pods = pods;

    private Kube.Client.Typed.CoreV1.PodsClient Pods => _pods.Clientset.CoreV1().Pods(_pods.Namespace);

    private RemoteCommandClient Commands => new(_pods.Rest, _pods.Namespace);

    private async Task<(RemoteCommandResult Result, string Stdout, string Stderr)> RunAsync(string pod, string? container, byte[]? stdin, params string[] command)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using var input = stdin is null ? null : new MemoryStream(stdin);
        var result = await Commands.RunAsync(pod, new ExecOptions { Container = container, Command = command.ToList() }, input, stdout, stderr)
            .WaitAsync(TimeSpan.FromMinutes(2));
        return (result, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Theory]
    [InlineData("echo out; echo err >&2; exit 3")]
    [InlineData("printf 'a\\nb\\nno newline'")]
    [InlineData("i=0; while [ $i -lt 2000 ]; do echo \"row $i of a longer output\"; i=$((i+1)); done; exit 1")]
    public async Task Output_and_exit_code_equal_kubectl_execs(string script)
    {
        var ours = await RunAsync(StreamPodsFixture.BusyPod, "sidecar", null, "sh", "-c", script);
        var kubectl = await _pods.KubectlAsync("exec", StreamPodsFixture.BusyPod, "-c", "sidecar", "--", "sh", "-c", script);

        Assert.Equal(kubectl.ExitCode, ours.Result.ExitCode);
        Assert.Equal(kubectl.Stdout, ours.Stdout);
        // kubectl adds its own "command terminated with exit code N" line after the command's stderr.
        Assert.StartsWith(ours.Stderr, kubectl.Stderr);
        if (ours.Result.ExitCode != 0) Assert.Contains($"command terminated with exit code {ours.Result.ExitCode}", kubectl.Stderr);
    }

    [Fact]
    public async Task A_non_zero_exit_code_comes_from_the_status_channel()
    {
        var ours = await RunAsync(StreamPodsFixture.BusyPod, "sidecar", null, "sh", "-c", "exit 42");

        Assert.Equal(42, ours.Result.ExitCode);
        Assert.False(ours.Result.Succeeded);
        Assert.Equal("NonZeroExitCode", ours.Result.Status?.Reason);
    }

    [Fact]
    public async Task The_server_of_1_20_answers_v4_to_the_v5_offer_and_stdin_reaches_the_command_byte_for_byte()
    {
        var data = new byte[300_000];
        new Random(8).NextBytes(data);

        using var stdout = new MemoryStream();
        await using var session = await Pods.ExecAsync(StreamPodsFixture.BusyPod,
            new ExecOptions { Container = "sidecar", Command = new[] { "head", "-c", data.Length.ToString() }, Stdin = true });
        Assert.Equal(ChannelProtocols.V4, session.Protocol);
        Assert.False(session.CanCloseStdin);
        var result = await session.RunAsync(new MemoryStream(data), stdout, null).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(data, stdout.ToArray());
    }

    [Fact]
    public async Task Stdout_and_stderr_lines_arrive_apart()
    {
        await using var session = await Pods.ExecAsync(StreamPodsFixture.BusyPod,
            new ExecOptions { Container = "sidecar", Command = new[] { "sh", "-c", "echo one; echo two >&2; echo three" } });
        var lines = await session.ReadLinesAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        var result = await session.Completion;

        Assert.Equal(new[] { "one", "three" }, lines.Where(l => l.Stream == RemoteCommandStream.Stdout).Select(l => l.Text));
        Assert.Equal(new[] { "two" }, lines.Where(l => l.Stream == RemoteCommandStream.Stderr).Select(l => l.Text));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_tty_session_has_a_terminal_of_the_size_given_and_resized()
    {
        await using var session = await Pods.ExecAsync(StreamPodsFixture.BusyPod, new ExecOptions
        {
            Container = "sidecar",
            // Sizes travel on the resize stream, apart from stdin, as with kubectl: the shell can start before the
            // kubelet applied the first one (stty then says "0 0") and read stdin before the second, so it waits.
            Command = new[] { "sh", "-c", "while [ \"$(stty size)\" = \"0 0\" ]; do sleep 0.1; done; stty size; read x; while [ \"$(stty size)\" = \"30 100\" ]; do sleep 0.1; done; stty size" },
            Stdin = true,
            Tty = true,
            TerminalSize = new TerminalSize(100, 30),
        });
        var output = new StringBuilder();
        var reading = Task.Run(async () =>
        {
            await foreach (var chunk in session.ReadOutputAsync())
                lock (output) output.Append(Encoding.UTF8.GetString(chunk.Data.Span));
        });
        try
        {
            await Eventually.UntilAsync("the first size", _ => { lock (output) return Task.FromResult(output.ToString().Contains("30 100")); });
        }
        catch (TimeoutException e)
        {
            lock (output) throw new TimeoutException($"{e.Message} The terminal showed: \"{output}\"; the session: {(reading.IsCompleted ? "ended" : "running")}.", e);
        }

        await session.ResizeAsync(new TerminalSize(120, 40));
        await session.WriteStdinAsync(Encoding.ASCII.GetBytes("go\r"));
        await reading.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, (await session.Completion).ExitCode);
        Assert.Contains("40 120", output.ToString());
        Assert.True(session.Tty);
    }

    [Fact]
    public async Task A_pod_of_two_containers_without_one_named_runs_in_its_first_as_kubectl_does()
    {
        await using var session = await Pods.ExecAsync(StreamPodsFixture.BusyPod, new ExecOptions { Command = new[] { "sh", "-c", "ls /www" } });
        var lines = await session.ReadLinesAsync().ToListAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("app", session.Container);
        Assert.True(session.ContainerDefaulted);
        Assert.Equal("index.html", Assert.Single(lines).Text);
    }

    [Fact]
    public async Task A_command_missing_from_the_image_is_a_named_error()
    {
        var error = await Assert.ThrowsAsync<RemoteCommandException>(() => RunAsync(StreamPodsFixture.BusyPod, "sidecar", null, "no-such-command", "x"));
        var kubectl = await _pods.KubectlAsync("exec", StreamPodsFixture.BusyPod, "-c", "sidecar", "--", "no-such-command", "x");

        Assert.True(error.IsCommandNotFound, error.Message);
        Assert.Contains("no-such-command", error.Message);
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("no-such-command", kubectl.Stderr);
    }

    [Fact]
    public async Task An_unknown_container_names_the_pods_containers()
    {
        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() => RunAsync(StreamPodsFixture.BusyPod, "nope", null, "true"));

        Assert.Equal($"pod {_pods.Namespace}/busy has no container \"nope\"; its containers are: app, sidecar", error.Message);
    }

    [Fact]
    public async Task A_pod_that_is_not_running_is_refused_with_why()
    {
        var pod = StreamPodsFixture.PodSpec(ClusterFixture.UniqueName("pending"), null, ("main", "sleep 1"));
        pod.Spec!.SchedulerName = Objects.NoScheduler;
        await Pods.CreateAsync(pod);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() => RunAsync(pod.Metadata!.Name!, null, null, "true"));

        Assert.Equal("Pending", error.Phase);
        Assert.Contains("not scheduled to a node yet", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_running_command_ends_the_session_at_once()
    {
        using var cts = new CancellationTokenSource();
        var running = Task.Run(() => Commands.RunAsync(StreamPodsFixture.BusyPod,
            new ExecOptions { Container = "sidecar", Command = new[] { "sh", "-c", "echo started; exec sleep 3600" } }, null, Stream.Null, Stream.Null, cts.Token));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(running.IsCompleted);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_command_in_a_pod_deleted_under_it_ends_not_hangs()
    {
        string name = ClusterFixture.UniqueName("doomed-exec");
        await _pods.CreateRunningAsync(name, null, ("main", "exec sleep 3600"));
        await using var session = await Pods.ExecAsync(name, new ExecOptions { Command = new[] { "sh", "-c", "echo started; exec sleep 3600" } });
        var reading = Task.Run(async () => await session.ReadLinesAsync().ToListAsync());
        await Pods.DeleteAsync(name, new DeleteOptions { GracePeriodSeconds = 0 });

        // The container is killed: the command ends with a failure status or the stream breaks; either way it ends.
        var ended = await Xunit.Record.ExceptionAsync(async () =>
        {
            await reading.WaitAsync(TimeSpan.FromMinutes(2));
            var result = await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, result.ExitCode);
        });
        Assert.True(ended is null or RemoteCommandException, ended?.ToString());
    }

    [Fact]
    public async Task Attach_reads_the_main_process_output()
    {
        await using var session = await Pods.AttachAsync(StreamPodsFixture.TickerPod, new AttachOptions { Stdout = true, Stderr = true });
        var ticks = await session.ReadLinesAsync().Take(3).ToListAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(ticks, t => Assert.Matches("^tick [0-9]+$", t.Text));
        var numbers = ticks.Select(t => int.Parse(t.Text.Substring(5))).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 3), numbers);
    }
}

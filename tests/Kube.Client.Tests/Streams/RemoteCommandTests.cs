using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client.Streams.RemoteCommand;
using Kube.Client.Streams.Targets;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>
/// Exec over WebSocket against an in-process kubelet, through both WebSocket stacks: the runtime's
/// (SocketsHttpHandler upgrade + WebSocket.CreateFromStream) and our own (the upgrade handler and
/// RFC 6455 framing that the netstandard2.0 build uses).
/// </summary>
public sealed class RemoteCommandTests : IAsyncLifetime
{
    private readonly StreamingTestServer _server = new();
    private readonly FakeKubelet _kubelet = new();

    public Task InitializeAsync()
    {
        _server.Handler = _kubelet.Handle;
        _kubelet.Pods["ns/web"] = FakeKubelet.PodJson("ns", "web");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private RestClient Rest(bool own) => StreamTestClients.Create(new RestConfig { Host = _server.Url, Qps = 0 }, own);

    private static async Task<(string Stdout, string Stderr, RemoteCommandResult Result)> Run(RemoteCommandSession session)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await foreach (var line in session.ReadLinesAsync())
            (line.Stream == RemoteCommandStream.Stdout ? stdout : stderr).Append(line.Text).Append('\n');
        return (stdout.ToString(), stderr.ToString(), await session.Completion);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_writes_the_commands_output_and_a_zero_exit_code(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "echo", "hello", "world" } });

        var (stdout, stderr, result) = await Run(session);

        Assert.Equal("hello world\n", stdout);
        Assert.Equal("", stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("v5.channel.k8s.io", session.Protocol);
        var request = _server.Requests.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/namespaces/ns/pods/web/exec", request.Path);
        Assert.Equal(new[] { "echo", "hello", "world" }, request.QueryValues("command"));
        Assert.Equal("false", request.QueryValue("stdin"));
        Assert.Equal("true", request.QueryValue("stdout"));
        Assert.Equal("v5.channel.k8s.io, v4.channel.k8s.io", request.Header("Sec-WebSocket-Protocol"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_non_zero_exit_code_is_a_result_not_an_exception(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "exit", "3" } });

        var (_, _, result) = await Run(session);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("NonZeroExitCode", result.Status?.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stderr_arrives_apart_from_stdout(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "err", "oops" } });

        var (stdout, stderr, _) = await Run(session);

        Assert.Equal("", stdout);
        Assert.Equal("oops\n", stderr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_v5_closing_stdin_ends_a_command_that_reads_to_the_end(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "cat" }, Stdin = true });
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        var output = new MemoryStream();
        var result = await session.RunAsync(new MemoryStream(payload), output, null);

        Assert.True(session.CanCloseStdin);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(payload, output.ToArray());
        Assert.Equal(payload, _kubelet.StdinReceived.Single());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_v4_stdin_cannot_be_closed_and_disposing_the_session_ends_it(bool own)
    {
        _kubelet.Protocols = new[] { "v4.channel.k8s.io" };
        using var rest = Rest(own);
        var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "cat" }, Stdin = true });
        await session.WriteStdinAsync("abc\n"u8.ToArray());

        Assert.Equal("v4.channel.k8s.io", session.Protocol);
        Assert.False(await session.CloseStdinAsync());
        await using (var lines = session.ReadLinesAsync().GetAsyncEnumerator())
        {
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal("abc", lines.Current.Text);
        }
        await session.DisposeAsync();

        var error = await Assert.ThrowsAsync<RemoteCommandException>(() => session.Completion);
        Assert.Contains("closed before the command ended", error.Message);
        await Poll.UntilAsync(() => _kubelet.Running == 0, "the server to see the session end");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_missing_from_the_image_is_a_RemoteCommandException(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "no-such-tool" } });

        await foreach (var _ in session.ReadOutputAsync()) { }
        var error = await Assert.ThrowsAsync<RemoteCommandException>(() => session.Completion);

        Assert.True(error.IsCommandNotFound);
        Assert.Contains("executable file not found", error.Message);
        Assert.Contains("ns/web", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_cut_before_the_status_fails_the_command_instead_of_hanging(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "cut" } });

        var lines = new List<string>();
        await foreach (var line in session.ReadLinesAsync()) lines.Add(line.Text);
        var error = await Assert.ThrowsAsync<RemoteCommandException>(() => session.Completion);

        Assert.Equal(new[] { "partial" }, lines);
        Assert.Contains("before the command's exit status arrived", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tty_session_sends_its_size_on_the_resize_channel(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web",
            new ExecOptions { Command = { "size" }, Tty = true, TerminalSize = new TerminalSize(132, 43) });

        var (stdout, _, result) = await Run(session);

        Assert.Equal("132x43\n", stdout);
        Assert.Equal(0, result.ExitCode);
        var request = _server.Requests.Single();
        Assert.Equal("true", request.QueryValue("tty"));
        Assert.Equal("false", request.QueryValue("stderr"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_the_token_closes_the_connection_at_once(bool own)
    {
        using var rest = Rest(own);
        using var cts = new CancellationTokenSource();
        var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "hang" } }, cts.Token);
        await Poll.UntilAsync(() => _kubelet.Running == 1, "the command to start");

        var reading = Task.Run(async () => { await foreach (var _ in session.ReadOutputAsync()) { } });
        cts.Cancel();

        await reading.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<RemoteCommandException>(() => session.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        await Poll.UntilAsync(() => _kubelet.Running == 0, "the server to see the connection close");
        await session.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Large_output_arrives_whole_and_in_order(bool own)
    {
        using var rest = Rest(own);
        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "big", "5000000" } });

        var output = new MemoryStream();
        var result = await session.RunAsync(null, output, null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(5_000_000, output.Length);
        Assert.All(output.ToArray(), b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task An_unknown_container_is_named_with_the_pods_containers()
    {
        _kubelet.Pods["ns/two"] = FakeKubelet.PodJson("ns", "two", containers: new[] { "app", "sidecar" });
        _kubelet.Refuse = r => r.QueryValue("container") == "nope" ? (400, "BadRequest", "container nope is not valid for pod two") : null;
        using var rest = Rest(own: false);

        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() =>
            new RemoteCommandClient(rest, "ns").ExecAsync("two", new ExecOptions { Command = { "echo" }, Container = "nope" }));

        Assert.Equal("pod ns/two has no container \"nope\"; its containers are: app, sidecar", error.Message);
        Assert.Equal(new[] { "app", "sidecar" }, error.Containers);
        Assert.IsType<KubeApiException>(error.InnerException);
    }

    [Fact]
    public async Task A_pod_of_several_containers_runs_in_its_default_one_as_kubectl_does()
    {
        _kubelet.Pods["ns/two"] = FakeKubelet.PodJson("ns", "two", containers: new[] { "app", "sidecar" }, defaultContainer: "sidecar");
        _kubelet.Refuse = r => r.QueryValue("container") is null ? (400, "BadRequest", "a container name must be specified for pod two, choose one of: [app sidecar]") : null;
        using var rest = Rest(own: false);

        await using var session = await new RemoteCommandClient(rest, "ns").ExecAsync("two", new ExecOptions { Command = { "echo", "hi" } });
        var (stdout, _, _) = await Run(session);

        Assert.Equal("hi\n", stdout);
        Assert.Equal("sidecar", session.Container);
        Assert.True(session.ContainerDefaulted);
        Assert.Equal("sidecar", _server.Requests.Last().QueryValue("container"));
    }

    [Fact]
    public async Task A_pod_not_scheduled_yet_says_so()
    {
        _kubelet.Pods["ns/pending"] = FakeKubelet.PodJson("ns", "pending", phase: "Pending", node: null);
        _kubelet.Refuse = _ => (400, "BadRequest", "pod pending does not have a host assigned");
        using var rest = Rest(own: false);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() =>
            new RemoteCommandClient(rest, "ns").ExecAsync("pending", new ExecOptions { Command = { "echo" } }));

        Assert.Equal("Pending", error.Phase);
        Assert.Contains("cannot exec into pod ns/pending: it is Pending and not scheduled to a node yet", error.Message);
    }

    [Fact]
    public async Task A_container_waiting_to_start_says_why()
    {
        _kubelet.Pods["ns/starting"] = FakeKubelet.PodJson("ns", "starting", phase: "Pending", waitingReason: "ContainerCreating");
        _kubelet.Refuse = _ => (500, "InternalError", "container not found (\"main\")");
        using var rest = Rest(own: false);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() =>
            new RemoteCommandClient(rest, "ns").ExecAsync("starting", new ExecOptions { Command = { "echo" } }));

        Assert.Contains("container \"main\" of pod ns/starting: it is waiting to start: ContainerCreating", error.Message);
    }

    [Fact]
    public async Task A_missing_pod_is_NotFound()
    {
        using var rest = Rest(own: false);

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            new RemoteCommandClient(rest, "ns").ExecAsync("ghost", new ExecOptions { Command = { "echo" } }));

        Assert.True(error.IsNotFound);
        Assert.Contains("ghost", error.Message);
    }

    [Fact]
    public async Task A_server_that_speaks_none_of_the_offered_subprotocols_is_a_clear_error()
    {
        _kubelet.Protocols = new[] { "channel.k8s.io" };
        using var rest = Rest(own: true);

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions { Command = { "echo" } }));

        Assert.Contains("requested protocol(s) are not supported", error.Message);
    }

    [Fact]
    public async Task An_empty_command_is_refused_before_anything_is_sent()
    {
        using var rest = Rest(own: false);

        await Assert.ThrowsAsync<ArgumentException>(() => new RemoteCommandClient(rest, "ns").ExecAsync("web", new ExecOptions()));
        Assert.Empty(_server.Requests);
    }
}

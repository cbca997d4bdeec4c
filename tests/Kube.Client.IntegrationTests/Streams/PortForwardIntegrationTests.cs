using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Streams.PortForward;
using Kube.Client.Streams.Targets;
using Xunit;

namespace Kube.Client.IntegrationTests.Streams;

/// <summary>Port-forward over WebSocket to busybox httpd on the real node, with kubectl port-forward as the oracle.</summary>
public sealed class PortForwardIntegrationTests : IClassFixture<StreamPodsFixture>
{
    private readonly StreamPodsFixture _pods;

    public PortForwardIntegrationTests(StreamPodsFixture pods) => _pods = pods;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromMinutes(1) };

    private Task<PortForwarder> ForwardAsync(params string[] ports) =>
        _pods.Clientset.CoreV1().Pods(_pods.Namespace).PortForwardAsync(StreamPodsFixture.BusyPod, ports.Select(PortMapping.Parse));

    private static async Task<byte[]> GetAsync(int port, string path = "/index.html")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.ConnectionClose = true;
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task A_forwarded_port_serves_the_same_bytes_as_kubectl_port_forward()
    {
        await using var ours = await ForwardAsync("0:8080");
        int port = Assert.Single(ours.Ports).LocalPort;
        Assert.NotEqual(0, port);

        using var kubectl = await KubectlPortForward.StartAsync(_pods, StreamPodsFixture.BusyPod, "8080");
        byte[] theirs = await GetAsync(kubectl.LocalPort);
        byte[] mine = await GetAsync(port);

        Assert.Equal(theirs, mine);
        Assert.Equal("hello-from-httpd\n", Encoding.UTF8.GetString(mine));
    }

    [Fact]
    public async Task Many_connections_at_once_each_get_their_answer()
    {
        await using var forwarder = await ForwardAsync(":8080");
        int port = forwarder.Ports[0].LocalPort;

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => GetAsync(port))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(answers, a => Assert.Equal("hello-from-httpd\n", Encoding.UTF8.GetString(a)));
        Assert.True(forwarder.TotalConnections >= 16);
        Assert.Empty(forwarder.RecentErrors);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_fails_that_connection_only_and_says_why()
    {
        await using var forwarder = await ForwardAsync("0:9999", "0:8080");
        var failed = new TaskCompletionSource<PortForwardError>(TaskCreationOptions.RunContinuationsAsynchronously);
        forwarder.ConnectionFailed += e => failed.TrySetResult(e);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, forwarder.Ports[0].LocalPort);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
            var buffer = new byte[100];
            // The forwarder closes the connection it could not serve.
            int read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(0, read);
        }
        var error = await failed.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(9999, error.RemotePort);
        Assert.Contains("9999", error.Message);
        Assert.True(forwarder.IsRunning);
        Assert.Equal("hello-from-httpd\n", Encoding.UTF8.GetString(await GetAsync(forwarder.Ports[1].LocalPort)));
    }

    [Fact]
    public async Task A_local_port_in_use_is_a_named_error_and_nothing_is_left_listening()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<LocalPortInUseException>(() => ForwardAsync($"{port}:8080"));

        Assert.Equal(port, error.Port);
        Assert.Contains(port.ToString(), error.Message);
    }

    [Fact]
    public async Task Stopping_closes_the_listener_and_the_open_connections()
    {
        var forwarder = await ForwardAsync("0:8080");
        int port = forwarder.Ports[0].LocalPort;
        using var open = new TcpClient();
        await open.ConnectAsync(IPAddress.Loopback, port);
        await Eventually.UntilAsync("the connection to be forwarded", _ => Task.FromResult(forwarder.ActiveConnections == 1));

        await forwarder.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(forwarder.IsRunning);
        Assert.Equal(0, forwarder.ActiveConnections);
        int read = await open.GetStream().ReadAsync(new byte[10]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, read);
        using var late = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => late.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task A_service_and_a_named_port_resolve_to_a_ready_pod_as_kubectl_does()
    {
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = ClusterFixture.UniqueName("web") },
            Spec = new ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "busy" },
                Ports = new List<ServicePort> { new() { Name = "web", Port = 80, TargetPort = "http" } },
            },
        };
        await _pods.Clientset.CoreV1().Services(_pods.Namespace).CreateAsync(service);

        await using var forwarder = await PortForwarder.StartAsync(_pods.Clientset, WorkloadKind.Service, _pods.Namespace, service.Metadata.Name!, new[] { PortMapping.Parse("0:80") });

        Assert.Equal(StreamPodsFixture.BusyPod, forwarder.Pod);
        Assert.Equal(8080, forwarder.Ports[0].RemotePort);
        Assert.Equal("hello-from-httpd\n", Encoding.UTF8.GetString(await GetAsync(forwarder.Ports[0].LocalPort)));
    }

    [Fact]
    public async Task Forwarding_to_a_pod_that_is_not_running_is_refused_with_why()
    {
        var pod = StreamPodsFixture.PodSpec(ClusterFixture.UniqueName("pending"), null, ("main", "sleep 1"));
        pod.Spec!.SchedulerName = Objects.NoScheduler;
        await _pods.Clientset.CoreV1().Pods(_pods.Namespace).CreateAsync(pod);

        var error = await Assert.ThrowsAsync<PodNotRunningException>(() =>
            PortForwarder.StartAsync(_pods.Clientset, WorkloadKind.Pod, _pods.Namespace, pod.Metadata!.Name!, new[] { PortMapping.Parse("0:80") }));

        Assert.Contains("not scheduled to a node yet", error.Message);
    }

    /// <summary>A kubectl port-forward process, stopped on dispose.</summary>
    internal sealed class KubectlPortForward : IDisposable
    {
        private readonly Process _process;

        private KubectlPortForward(Process process, int localPort)
        {
            _process = process;
            LocalPort = localPort;
        }

        public int LocalPort { get; }

        public static async Task<KubectlPortForward> StartAsync(StreamPodsFixture pods, string pod, string port)
        {
            var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--kubeconfig", pods.Kubeconfig, "--context", LocalCluster.AdminContext, "-n", pods.Namespace, "port-forward", "--address", "127.0.0.1", $"pod/{pod}", ":" + port })
                start.ArgumentList.Add(a);
            var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
            try
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2))
                    ?? throw new InvalidOperationException("kubectl port-forward ended: " + await process.StandardError.ReadToEndAsync());
                var match = Regex.Match(line, @"Forwarding from 127\.0\.0\.1:(\d+) ->");
                if (!match.Success) throw new InvalidOperationException("kubectl port-forward said: " + line);
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return new KubectlPortForward(process, int.Parse(match.Groups[1].Value));
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }
}

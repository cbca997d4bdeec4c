using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Streams;

/// <summary>
/// Running busybox pods on the local node for stream tests, in a namespace of their own:
/// <list type="bullet">
/// <item>"busy": container "app" prints "line 1".."line 100" and "to stderr" on stderr, then serves
/// /www with httpd on 8080 (index.html "hello-from-httpd"); container "sidecar" prints "sidecar started" and sleeps.</item>
/// <item>"ticker": prints "tick N" every 200 ms.</item>
/// </list>
/// </summary>
public sealed class StreamPodsFixture : IAsyncLifetime
{
    public const string Image = "localhost/busybox:dev";
    public const string BusyPod = "busy";
    public const string TickerPod = "ticker";

    public ClusterFixture Cluster { get; } = new();

    public string Namespace => Cluster.Namespace;

    public RestClient Rest => Cluster.Rest;

    public Clientset Clientset => Cluster.Clientset;

    public string Kubeconfig => LocalCluster.KubeconfigPath;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        await Cluster.WaitForDefaultServiceAccountAsync();
        await CreateRunningAsync(BusyPod, new Dictionary<string, string> { ["app"] = "busy" },
            ("app", "mkdir -p /www && echo hello-from-httpd > /www/index.html && i=1; while [ $i -le 100 ]; do echo \"line $i\"; i=$((i+1)); done; echo 'to stderr' >&2; exec httpd -f -p 8080 -h /www"),
            ("sidecar", "echo sidecar started; exec sleep 3600"));
        await CreateRunningAsync(TickerPod, new Dictionary<string, string> { ["app"] = "ticker" },
            ("main", "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done"));
        // The app container's log is whole once httpd listens.
        await Eventually.UntilAsync("busy/app to have written its 100 lines", async ct =>
        {
            var lines = new List<string>();
            await foreach (var line in Clientset.CoreV1().Pods(Namespace).GetLogsAsync(BusyPod, new() { Container = "app" }, ct)) lines.Add(line.Line);
            return lines.Count >= 101;
        });
    }

    public Task DisposeAsync() => Cluster.DisposeAsync();

    /// <summary>Creates a busybox pod (one container per (name, shell script)) and waits until every container runs.</summary>
    public async Task<Pod> CreateRunningAsync(string name, IDictionary<string, string>? labels, params (string Name, string Script)[] containers)
    {
        await Clientset.CoreV1().Pods(Namespace).CreateAsync(PodSpec(name, labels, containers));
        return await WaitRunningAsync(name);
    }

    public static Pod PodSpec(string name, IDictionary<string, string>? labels, params (string Name, string Script)[] containers) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
        Spec = new PodSpec
        {
            TerminationGracePeriodSeconds = 1,
            Containers = containers.Select(c => new Container
            {
                Name = c.Name,
                Image = Image,
                ImagePullPolicy = "Never",
                Command = new List<string> { "sh", "-c", c.Script },
                Ports = c.Script.Contains("httpd", StringComparison.Ordinal) ? new List<ContainerPort> { new() { Name = "http", ContainerPortValue = 8080 } } : null,
            }).ToList(),
        },
    };

    public async Task<Pod> WaitRunningAsync(string name, CancellationToken cancellationToken = default)
    {
        Pod? pod = null;
        await Eventually.UntilAsync($"pod {Namespace}/{name} to run", async ct =>
        {
            pod = await Clientset.CoreV1().Pods(Namespace).GetAsync(name, cancellationToken: ct);
            return pod.Status?.Phase == "Running" && pod.Status.ContainerStatuses?.All(c => c.State?.Running is not null) == true;
        }, TimeSpan.FromMinutes(3), cancellationToken);
        return pod!;
    }

    /// <summary>kubectl against the same namespace, as the oracle.</summary>
    public Task<Discovery.Kubectl.Result> KubectlAsync(params string[] args) =>
        Discovery.Kubectl.RunAsync(Kubeconfig, LocalCluster.AdminContext, new[] { "-n", Namespace }.Concat(args).ToArray());
}

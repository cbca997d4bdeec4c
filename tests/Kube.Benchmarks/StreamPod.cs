using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.Benchmarks;

/// <summary>
/// The pod the stream rows (issue 8 §6) read from, run by the local cluster's node from the
/// busybox image: it writes <see cref="BenchOptions.LogBytes"/> of log in lines of
/// <see cref="LineBytes"/> bytes, then files of <see cref="BenchOptions.PortForwardBytes"/>
/// (<see cref="FilePath"/>) and 4 MB (<see cref="WarmPath"/>, for warm-ups) under /www, marks
/// itself done (/tmp/done) and serves /www with busybox httpd on <see cref="HttpPort"/>; its log
/// then stays as it is. It lives in <see cref="NamespaceName"/>, which the harness makes for the
/// run and deletes after it; one left by an interrupted run is reused (a pod of the same sizes
/// that runs) or cleaned (anything else in it).
/// </summary>
public sealed class StreamPod
{
    public const string NamespaceName = "kube-ps-bench-streams";
    public const string SeedName = "streams-v1";
    public const string Container = "main";
    public const string Image = "localhost/busybox:dev";
    public const int HttpPort = 8080;
    public const string FilePath = "/big";
    public const string WarmPath = "/warm";
    public const long WarmBytes = 4_000_000;
    public const int LineBytes = 100;

    /// <summary>Writing 300 MB through containerd's log pipe and the overlay takes a while on a busy machine.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(10);

    private StreamPod(string name, string podIp, long logBytes, long fileBytes)
    {
        Name = name;
        PodIP = podIp;
        LogBytes = logBytes;
        FileBytes = fileBytes;
    }

    public string Name { get; }

    /// <summary>The pod's address on the node's bridge (10.244.0.x): the direct row's target.</summary>
    public string PodIP { get; }

    public long LogBytes { get; }

    public long FileBytes { get; }

    /// <summary>The 99 characters of every log line (a newline makes it <see cref="LineBytes"/>).</summary>
    public static string LineText()
    {
        const string head = "kube-ps bench log line ";
        var text = new System.Text.StringBuilder(head, LineBytes - 1);
        for (int i = 0; text.Length < LineBytes - 1; i++) text.Append((char)('a' + i % 26));
        return text.ToString();
    }

    public static string Script(long logBytes, long fileBytes) => string.Join("\n",
        "set -e",
        $"yes '{LineText()}' | head -c {logBytes.ToString(CultureInfo.InvariantCulture)}",
        "mkdir -p /www",
        $"head -c {fileBytes.ToString(CultureInfo.InvariantCulture)} /dev/zero > /www{FilePath}",
        $"head -c {WarmBytes.ToString(CultureInfo.InvariantCulture)} /dev/zero > /www{WarmPath}",
        "touch /tmp/done",
        $"exec httpd -f -p {HttpPort.ToString(CultureInfo.InvariantCulture)} -h /www");

    public static string PodName(BenchOptions options) =>
        $"streams-{options.LogBytes / 1_000_000}mb-{options.PortForwardBytes / 1_000_000}mb";

    /// <summary>
    /// Makes (or reuses) the pod and waits until it has written its log and files.
    /// </summary>
    /// <exception cref="InvalidOperationException">No node is Ready, or the pod did not get there; the message says which.</exception>
    public static async Task<StreamPod> EnsureAsync(BenchCluster cluster, BenchOptions options, CancellationToken ct)
    {
        await RequireNodeAsync(cluster, ct);
        await EnsureNamespaceAsync(cluster, ct);
        var pods = cluster.Clientset.CoreV1().Pods(NamespaceName);
        string name = PodName(options);
        Pod? pod = null;
        foreach (var other in (await pods.ListAsync(cancellationToken: ct)).Items ?? new List<Pod>())
        {
            string otherName = other.Metadata?.Name ?? "";
            bool usable = otherName == name && other.Metadata?.DeletionTimestamp is null && other.Status?.Phase is "Pending" or "Running";
            if (usable)
            {
                pod = other;
                continue;
            }
            Console.WriteLine($"bench: deleting pod {NamespaceName}/{otherName} left by an earlier run ({other.Status?.Phase})");
            await DeleteAndWaitAsync(cluster, otherName, ct);
        }
        if (pod is null)
        {
            Console.WriteLine($"bench: creating pod {NamespaceName}/{name} ({options.LogBytes / 1_000_000} MB of log, a {options.PortForwardBytes / 1_000_000} MB file)");
            await pods.CreateAsync(Define(name, options), cancellationToken: ct);
        }
        else
        {
            Console.WriteLine($"bench: reusing pod {NamespaceName}/{name}");
        }

        var clock = Stopwatch.StartNew();
        string podIp = await WaitRunningAsync(cluster, name, clock, ct);
        await WaitDoneAsync(cluster, name, clock, ct);
        Console.WriteLine($"bench: pod {NamespaceName}/{name} ready at {podIp} after {clock.Elapsed.TotalSeconds:0} s");
        return new StreamPod(name, podIp, options.LogBytes, options.PortForwardBytes);
    }

    /// <summary>Deletes the namespace (and the pod with it) without waiting; a next run that finds it terminating waits.</summary>
    public static async Task DeleteNamespaceAsync(BenchCluster cluster)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await cluster.Clientset.CoreV1().Namespaces().DeleteAsync(NamespaceName, cancellationToken: timeout.Token);
            Console.WriteLine($"bench: deleting namespace {NamespaceName}");
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
        catch (Exception e) when (e is KubeApiException or KubeConnectionException or OperationCanceledException)
        {
            Console.WriteLine($"bench: could not delete namespace {NamespaceName}: {e.Message}");
        }
    }

    private static Pod Define(string name, BenchOptions options) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { [SeedObjects.ItemLabel] = SeedName },
        },
        Spec = new PodSpec
        {
            // Unlike the list seeds, this pod is meant for the node: the default scheduler places it.
            RestartPolicy = "Never",
            TerminationGracePeriodSeconds = 1,
            Containers = new List<Container>
            {
                new()
                {
                    Name = Container,
                    Image = Image,
                    ImagePullPolicy = "Never",
                    Command = new List<string> { "sh", "-c", Script(options.LogBytes, options.PortForwardBytes) },
                    Ports = new List<ContainerPort> { new() { Name = "http", ContainerPortValue = HttpPort } },
                },
            },
        },
    };

    private static async Task RequireNodeAsync(BenchCluster cluster, CancellationToken ct)
    {
        var nodes = (await cluster.Clientset.CoreV1().Nodes().ListAsync(cancellationToken: ct)).Items ?? new List<Node>();
        bool ready = nodes.Any(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && n.Spec?.Unschedulable != true);
        if (!ready)
        {
            throw new InvalidOperationException(nodes.Count == 0
                ? "the cluster has no node (started with KUBE_PS_NODE=0?): the stream rows need a pod that runs; start the node with ./build.ps1 Cluster -Action Start"
                : $"no node is Ready and schedulable ({string.Join(", ", nodes.Select(n => n.Metadata?.Name))}): the stream rows need a pod that runs; see tools/cluster/cluster.sh status");
        }
    }

    private static async Task EnsureNamespaceAsync(BenchCluster cluster, CancellationToken ct)
    {
        var namespaces = cluster.Clientset.CoreV1().Namespaces();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Namespace existing;
            try
            {
                existing = await namespaces.GetAsync(NamespaceName, cancellationToken: ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                try
                {
                    await namespaces.CreateAsync(new Namespace
                    {
                        Metadata = new ObjectMeta { Name = NamespaceName, Labels = new Dictionary<string, string> { [Seeder.SeedLabel] = SeedName } },
                    }, cancellationToken: ct);
                }
                catch (KubeApiException again) when (again.IsAlreadyExists)
                {
                    continue;
                }
                break;
            }
            if (existing.Metadata?.Labels is not { } labels || !labels.TryGetValue(Seeder.SeedLabel, out var seed) || seed != SeedName)
                throw new InvalidOperationException($"the namespace {NamespaceName} exists but is not the harness's (label {Seeder.SeedLabel}={SeedName} is missing); delete it or let the harness own it.");
            if (existing.Status?.Phase != "Terminating") break;
            // The last run's namespace is still going away.
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                throw new InvalidOperationException($"the namespace {NamespaceName} from an earlier run has been terminating for over 3 minutes");
            await Task.Delay(1000, ct);
        }
        // Pods are refused until the namespace has its default service account.
        var accounts = cluster.Clientset.CoreV1().ServiceAccounts(NamespaceName);
        while (true)
        {
            try
            {
                await accounts.GetAsync("default", cancellationToken: ct);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound && deadline.Elapsed < TimeSpan.FromMinutes(4))
            {
                await Task.Delay(250, ct);
            }
        }
    }

    private static async Task DeleteAndWaitAsync(BenchCluster cluster, string name, CancellationToken ct)
    {
        var pods = cluster.Clientset.CoreV1().Pods(NamespaceName);
        try
        {
            await pods.DeleteAsync(name, new DeleteOptions { GracePeriodSeconds = 0 }, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                await pods.GetAsync(name, cancellationToken: ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
            await Task.Delay(500, ct);
        }
        throw new InvalidOperationException($"pod {NamespaceName}/{name} was not gone 2 minutes after its deletion");
    }

    /// <summary>Waits for phase Running and returns the pod's IP; a container that cannot start fails at once with its reason.</summary>
    private static async Task<string> WaitRunningAsync(BenchCluster cluster, string name, Stopwatch clock, CancellationToken ct)
    {
        var pods = cluster.Clientset.CoreV1().Pods(NamespaceName);
        while (true)
        {
            var pod = await pods.GetAsync(name, cancellationToken: ct);
            var state = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State;
            if (pod.Status?.Phase == "Running" && !string.IsNullOrEmpty(pod.Status.PodIP))
                return CheckPodIp(pod.Status.PodIP, name);
            if (pod.Status?.Phase is "Failed" or "Succeeded")
                throw new InvalidOperationException($"pod {NamespaceName}/{name} ended ({pod.Status.Phase}{Describe(state)}) before it served");
            if (state?.Waiting is { Reason: "ErrImageNeverPull" or "ErrImagePull" or "ImagePullBackOff" or "CreateContainerError" or "CreateContainerConfigError" or "InvalidImageName" } waiting)
                throw new InvalidOperationException($"pod {NamespaceName}/{name} cannot start: {waiting.Reason}: {waiting.Message} (is {Image} imported into the node? tools/cluster/cluster.sh start does it)");
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                string where = string.IsNullOrEmpty(pod.Spec?.NodeName) ? "not scheduled" : $"on {pod.Spec!.NodeName}{Describe(state)}";
                throw new InvalidOperationException($"pod {NamespaceName}/{name} is not Running after 2 minutes ({pod.Status?.Phase}, {where})");
            }
            await Task.Delay(500, ct);
        }
    }

    /// <summary>The bench connects to pods on the node's bridge only (10.244.0.0/16), never elsewhere.</summary>
    private static string CheckPodIp(string podIp, string name)
    {
        if (!IPAddress.TryParse(podIp, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || address.GetAddressBytes() is not [10, 244, _, _])
            throw new InvalidOperationException($"pod {NamespaceName}/{name} has the address {podIp}, outside the node's pod network 10.244.0.0/16; the harness connects to nothing else");
        return podIp;
    }

    /// <summary>Waits until the pod has written its log and files (/tmp/done), asking through exec once a second.</summary>
    private static async Task WaitDoneAsync(BenchCluster cluster, string name, Stopwatch clock, CancellationToken ct)
    {
        var exec = new RemoteCommandClient(cluster.Json, NamespaceName);
        while (true)
        {
            var result = await exec.RunAsync(name, new ExecOptions { Container = Container, Command = { "test", "-f", "/tmp/done" } }, null, Stream.Null, Stream.Null, ct);
            if (result.ExitCode == 0) return;
            if (clock.Elapsed > ReadyTimeout)
                throw new InvalidOperationException($"pod {NamespaceName}/{name} had not written its log and files after {ReadyTimeout.TotalMinutes:0} minutes");
            await Task.Delay(1000, ct);
        }
    }

    private static string Describe(ContainerState? state) =>
        state?.Waiting is { } w ? $", waiting: {w.Reason} {w.Message}".TrimEnd()
        : state?.Terminated is { } t ? $", terminated: {t.Reason} exit code {t.ExitCode} {t.Message}".TrimEnd()
        : "";
}

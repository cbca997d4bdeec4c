using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.RbacV1;
using Kube.Client.Retry;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.InCluster;

/// <summary>
/// The C# controller (examples/IngressController) as deploy/ingress-controller runs it on the local
/// node, from the image localhost/kube-ps-ingress-controller:dev (build.ps1 Image): in-cluster
/// config from the real service-account mount, leader election between two replicas, failover when
/// the leader's pod is force-deleted and when its process is killed, a rolling update that hands over
/// through the released Lease, a Role missing a verb, and a token that expires and is replaced.
/// </summary>
/// <remarks>
/// The tests share the Deployments and run in name order; each leaves two Ready replicas and one
/// leader behind. Takeover bounds follow from the election's settings (client-go's defaults, which
/// the manifest keeps): a candidate takes the Lease once it has seen the record unchanged for the
/// lease duration (15 s), and it looks every retry period stretched by up to 1.2 times (2 to 4.4 s).
/// It sees the holder's last renewal at most one look after it was written, and takes over at the
/// first look after the duration has passed: between 15 s and 15 + 2 × 4.4 s after the last
/// renewal, plus the API server's latency on this busy machine.
/// </remarks>
[TestCaseOrderer(AlphabeticalOrderer.TypeName, AlphabeticalOrderer.AssemblyName)]
public sealed class InClusterControllerTests : IClassFixture<InClusterFixture>
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestLook = RetryPeriod * 2.2;
    private static readonly TimeSpan ApiSlack = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan TakeoverBound = LeaseDuration + LongestLook + LongestLook + ApiSlack;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    private readonly InClusterFixture _fixture;
    private readonly ITestOutputHelper _output;

    public InClusterControllerTests(InClusterFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private ControllerDeployment Main => _fixture.Main;

    [Fact]
    public async Task A_both_replicas_read_the_service_account_mount_and_exactly_one_leads()
    {
        var pods = await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
        var (lease, leader) = await Main.WaitForLeaderAsync(Settle);
        foreach (var pod in pods)
        {
            string log = await Main.LogsAsync(pod.Metadata!.Name!);
            // KUBERNETES_SERVICE_HOST:PORT, the token file and the CA of the mount.
            Assert.Contains("https://10.0.0.1/", log);
            Assert.Contains("token file /var/run/secrets/kubernetes.io/serviceaccount/token", log);
            Assert.Contains("CA /var/run/secrets/kubernetes.io/serviceaccount/ca.crt", log);
            Assert.Contains($"watching Services in {Main.Namespace}", log);
        }

        // One holder, whose identity is its pod's name and a suffix; it keeps renewing and nobody else takes over.
        Assert.Matches($"^{leader.Metadata!.Name}_[0-9a-f-]{{36}}$", lease.Spec!.HolderIdentity);
        await using var history = await LeaseHistory.StartAsync(Main.Clientset, Main.Namespace, ControllerDeployment.LeaseName);
        await Task.Delay(RetryPeriod * 4);
        var records = history.Records;
        Assert.All(records, r => Assert.Equal(lease.Spec.HolderIdentity, r.HolderIdentity));
        Assert.True(records.Select(r => r.RenewTime).Distinct().Count() >= 2, "the leader did not renew within four retry periods:\n" + history.Describe());

        string leaderLog = await Main.LogsAsync(leader.Metadata.Name!);
        Assert.Contains("acquired lease", leaderLog);
        Assert.Contains("starting 1 worker(s)", leaderLog);
        var follower = Assert.Single(pods, p => p.Metadata!.Name != leader.Metadata.Name);
        string followerLog = await Main.LogsAsync(follower.Metadata!.Name!);
        Assert.DoesNotContain("acquired lease", followerLog);
        Assert.DoesNotContain("starting 1 worker(s)", followerLog);
        Assert.Contains($"held by {lease.Spec.HolderIdentity}", followerLog);
    }

    [Fact]
    public async Task B_an_annotated_service_gets_its_ingress_from_the_leader()
    {
        var service = await Main.CreateAnnotatedServiceAsync("web-b");
        var ingresses = await Main.WaitIngressesMatchServicesAsync(Settle);
        var ingress = ingresses["web-b"];
        Assert.Equal(service.Metadata!.Uid, ingress.Metadata!.OwnerReferences!.Single().Uid);
        Assert.Equal("web-b.example.com", ingress.Spec!.Rules!.Single().Host);
        var (_, leader) = await Main.WaitForLeaderAsync(Settle);
        await Eventually.UntilAsync("the leader to log the Ingress it made", async ct =>
            (await Main.LogsAsync(leader.Metadata!.Name!, ct: ct)).Contains("created ingress " + Main.Namespace + "/web-b", StringComparison.Ordinal), Settle);
    }

    [Fact]
    public async Task C_force_deleting_the_leader_pod_hands_over_within_the_lease_bound_and_no_ingress_is_lost_or_doubled()
    {
        // The kubelet still stops a force-deleted pod's container with SIGTERM (and SIGKILL after its
        // minimum grace of 2 s), so the leader may release the Lease on its way out.
        await FailoverAsync("force-delete", mayRelease: true, async leader =>
            await Main.Clientset.CoreV1().Pods(Main.Namespace).DeleteAsync(leader.Metadata!.Name!, new DeleteOptions { GracePeriodSeconds = 0 }));
    }

    [Fact]
    public async Task D_killing_the_leader_process_hands_over_within_the_lease_bound_and_the_container_restarts()
    {
        Pod? killed = null;
        await FailoverAsync("kill", mayRelease: false, async leader =>
        {
            killed = leader;
            await NodeHost.KillContainerAsync(leader.Status!.ContainerStatuses!.Single().ContainerID!);
        });
        // The same pod, its container restarted (the kill was not a deletion).
        var pod = await Main.Clientset.CoreV1().Pods(Main.Namespace).GetAsync(killed!.Metadata!.Name!);
        Assert.Equal(killed.Metadata.Uid, pod.Metadata!.Uid);
        Assert.True(pod.Status!.ContainerStatuses!.Single().RestartCount > killed.Status!.ContainerStatuses!.Single().RestartCount);
    }

    private async Task FailoverAsync(string how, bool mayRelease, Func<Pod, Task> stopLeader)
    {
        await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
        var before = await Main.WaitIngressesMatchServicesAsync(Settle);
        var (lease, leader) = await Main.WaitForLeaderAsync(Settle);
        string oldHolder = lease.Spec!.HolderIdentity!;
        await using var history = await LeaseHistory.StartAsync(Main.Clientset, Main.Namespace, ControllerDeployment.LeaseName);

        await stopLeader(leader);
        // Annotated while nobody leads: the next leader must pick it up.
        await Main.CreateAnnotatedServiceAsync("during-" + how);

        var (newLease, newLeader) = await Main.WaitForLeaderAsync(TimeSpan.FromMinutes(2), l => l.Spec?.HolderIdentity != oldHolder);
        var records = history.Records;
        DateTimeOffset lastRenewal = records.Where(r => r.HolderIdentity == oldHolder).Max(r => r.RenewTime!.Value);
        var release = records.FirstOrDefault(r => string.IsNullOrEmpty(r.HolderIdentity));
        _output.WriteLine(history.Describe());
        if (release is not null)
        {
            // Released by the old leader (holder cleared): the other replica takes it at its next look.
            Assert.True(mayRelease, $"the Lease was released, which a killed process cannot do:\n{history.Describe()}");
            TimeSpan handover = newLease.Spec!.AcquireTime!.Value - release.RenewTime!.Value;
            _output.WriteLine($"{how}: {oldHolder} released the Lease at {release.RenewTime:HH:mm:ss.fff}; {newLease.Spec.HolderIdentity} acquired it {handover.TotalSeconds:0.00} s later");
            Assert.True(handover < LeaseDuration, $"taken over {handover.TotalSeconds:0.00} s after the release:\n{history.Describe()}");
        }
        else
        {
            TimeSpan takeover = newLease.Spec!.AcquireTime!.Value - lastRenewal;
            _output.WriteLine($"{how}: {oldHolder} last renewed at {lastRenewal:HH:mm:ss.fff}; {newLease.Spec.HolderIdentity} acquired at {newLease.Spec.AcquireTime:HH:mm:ss.fff}: takeover after {takeover.TotalSeconds:0.00} s (bound {LeaseDuration.TotalSeconds:0}..{TakeoverBound.TotalSeconds:0.0} s)");
            // Never before the lease expired (that would be two leaders), and within the bound.
            Assert.True(takeover >= LeaseDuration - TimeSpan.FromSeconds(1), $"taken over {takeover.TotalSeconds:0.00} s after the last renewal, before the lease expired:\n{history.Describe()}");
            Assert.True(takeover <= TakeoverBound, $"taken over {takeover.TotalSeconds:0.00} s after the last renewal, more than {TakeoverBound.TotalSeconds:0.0} s:\n{history.Describe()}");
        }
        Assert.DoesNotContain(records, r => r.HolderIdentity is { Length: > 0 } h && h != oldHolder && h != newLease.Spec.HolderIdentity);
        Assert.Equal(lease.Spec.LeaseTransitions + 1, newLease.Spec.LeaseTransitions);

        // Every annotated Service has its one Ingress; those from before were kept, not made again.
        var after = await Main.WaitIngressesMatchServicesAsync(Settle);
        Assert.Contains("during-" + how, after.Keys);
        foreach (var (name, ingress) in before) Assert.Equal(ingress.Metadata!.Uid, after[name].Metadata!.Uid);
        // Who made it is not fixed: a force-deleted leader still runs (and leads) for its 2 s of grace.
        var made = after["during-" + how];
        Assert.Equal(global::IngressController.IngressReconciler.FieldManager, made.Metadata!.ManagedFields!.Single(f => f.Operation == "Apply").Manager);
        await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
    }

    [Fact]
    public async Task E_a_rolling_update_hands_over_through_the_released_lease_in_less_than_a_lease_duration()
    {
        await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
        var before = await Main.WaitIngressesMatchServicesAsync(Settle);
        var (lease, _) = await Main.WaitForLeaderAsync(Settle);
        await using var history = await LeaseHistory.StartAsync(Main.Clientset, Main.Namespace, ControllerDeployment.LeaseName);

        // A changed env var: a new template, so the Deployment replaces both pods, one at a time.
        var deployments = Main.Clientset.AppsV1().Deployments(Main.Namespace);
        await ConflictRetry.RetryOnConflictAsync(async _ =>
        {
            var d = await deployments.GetAsync(ControllerDeployment.Name);
            var env = d.Spec!.Template!.Spec!.Containers![0].Env!;
            env.RemoveAll(e => e.Name == "ROLLOUT");
            env.Add(new EnvVar { Name = "ROLLOUT", Value = Guid.NewGuid().ToString("N") });
            await deployments.UpdateAsync(d);
        });
        await Main.CreateAnnotatedServiceAsync("during-rollout");
        var pods = await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
        var (newLease, newLeader) = await Main.WaitForLeaderAsync(Settle);
        Assert.Contains(pods, p => p.Metadata!.Name == newLeader.Metadata!.Name);

        // Every change of holder went through a release (holder cleared by the old leader on SIGTERM).
        var records = history.Records;
        _output.WriteLine(history.Describe());
        var handovers = new List<TimeSpan>();
        string previous = lease.Spec!.HolderIdentity!;
        LeaseSpec? release = null;
        foreach (var record in records)
        {
            string holder = record.HolderIdentity ?? "";
            if (holder.Length == 0)
            {
                release = record;
                continue;
            }
            if (holder == previous) continue;
            Assert.True(release is not null, $"{holder} took over from {previous} without a release:\n{history.Describe()}");
            TimeSpan handover = record.AcquireTime!.Value - release!.RenewTime!.Value;
            handovers.Add(handover);
            _output.WriteLine($"hand-over {previous} -> {holder}: {handover.TotalSeconds:0.00} s after the release");
            previous = holder;
            release = null;
        }
        Assert.NotEmpty(handovers);
        // The figure for docs/benchmarks.md (build.ps1 Bench reads it; no timing is asserted beyond the lease duration).
        await WriteHandoverAsync("C# (deploy/ingress-controller)", nameof(E_a_rolling_update_hands_over_through_the_released_lease_in_less_than_a_lease_duration), handovers);
        Assert.All(handovers, h => Assert.True(h < LeaseDuration, $"a hand-over took {h.TotalSeconds:0.00} s, not less than the lease duration:\n{history.Describe()}"));
        Assert.Equal(newLease.Spec!.HolderIdentity, previous);

        var after = await Main.WaitIngressesMatchServicesAsync(Settle);
        Assert.Contains("during-rollout", after.Keys);
        foreach (var (name, ingress) in before) Assert.Equal(ingress.Metadata!.Uid, after[name].Metadata!.Uid);
    }

    [Fact]
    public async Task F_with_create_removed_from_its_role_the_controller_logs_the_forbidden_request_and_keeps_running()
    {
        var roles = Main.Clientset.RbacV1().Roles(Main.Namespace);
        var role = await roles.GetAsync(ControllerDeployment.Name);
        var ingressRule = role.Rules!.Single(r => r.Resources!.Contains("ingresses"));
        var verbs = ingressRule.Verbs!.ToList();
        Assert.Contains("create", verbs);
        ingressRule.Verbs = verbs.Where(v => v != "create").ToList();
        await roles.UpdateAsync(role);
        try
        {
            var pods = await Main.WaitRolledOutAsync(2, InClusterFixture.RolloutTimeout);
            var restarts = pods.ToDictionary(p => p.Metadata!.Name!, p => p.Status!.ContainerStatuses!.Single().RestartCount);
            await Main.CreateAnnotatedServiceAsync("rbac-denied");

            // The leader names the request the API server refused, and the answer.
            string request = $"PATCH /apis/networking.k8s.io/v1/namespaces/{Main.Namespace}/ingresses/rbac-denied";
            string line = "";
            await Eventually.UntilAsync("the leader to log the forbidden request", async ct =>
            {
                var (_, leader) = await Main.WaitForLeaderAsync(Settle, ct: ct);
                line = (await Main.LogsAsync(leader.Metadata!.Name!, ct: ct)).Split('\n').LastOrDefault(l => l.Contains(request, StringComparison.Ordinal)) ?? "";
                return line.Length > 0;
            }, Settle);
            _output.WriteLine(line);
            Assert.Contains("is forbidden", line);
            Assert.Contains("ingresses.networking.k8s.io \"rbac-denied\"", line);

            // Longer than the liveness probe's failure window (3 x 10 s): nobody restarts, both stay Ready.
            await Task.Delay(TimeSpan.FromSeconds(40));
            var now = await Main.PodsAsync();
            Assert.Equal(restarts.Keys.OrderBy(k => k), now.Select(p => p.Metadata!.Name!).OrderBy(k => k));
            Assert.All(now, p => Assert.Equal(restarts[p.Metadata!.Name!], p.Status!.ContainerStatuses!.Single().RestartCount));
            Assert.All(now, p => Assert.True(ControllerDeployment.IsReady(p), $"{p.Metadata!.Name} is not Ready"));
            var ingresses = (await Main.Clientset.NetworkingV1().Ingresses(Main.Namespace).ListAsync()).Items!;
            Assert.DoesNotContain(ingresses, i => i.Metadata!.Name == "rbac-denied");
        }
        finally
        {
            await ConflictRetry.RetryOnConflictAsync(async _ =>
            {
                var current = await roles.GetAsync(ControllerDeployment.Name);
                current.Rules!.Single(r => r.Resources!.Contains("ingresses")).Verbs = verbs;
                await roles.UpdateAsync(current);
            });
        }
        // With the verb back, the next change of the Service gets its Ingress.
        await ConflictRetry.RetryOnConflictAsync(async _ =>
        {
            var services = Main.Clientset.CoreV1().Services(Main.Namespace);
            var s = await services.GetAsync("rbac-denied");
            s.Metadata!.Annotations![ControllerDeployment.Annotation] = "rbac-allowed.example.com";
            await services.UpdateAsync(s);
        });
        var after = await Main.WaitIngressesMatchServicesAsync(Settle);
        Assert.Equal("rbac-allowed.example.com", after["rbac-denied"].Spec!.Rules!.Single().Host);
    }

    [Fact]
    public async Task Z_the_projected_token_is_read_again_after_the_kubelet_replaces_it_and_the_first_one_expires()
    {
        var rotation = _fixture.Rotation;
        var pod = _fixture.RotationPod!;
        string tokenFile = NodeHost.ProjectedVolumeFile(pod.Metadata!.Uid!, InClusterFixture.TokenVolume, "token");
        string first = _fixture.FirstToken ??= await File.ReadAllTextAsync(tokenFile);
        var (firstIssued, firstExpiry) = Claims(first);
        Assert.Equal(InClusterFixture.TokenExpirationSeconds, (firstExpiry - firstIssued).TotalSeconds, 0);

        // The API server accepts a token for a minute past its expiry (the JWT leeway).
        var dead = firstExpiry + TimeSpan.FromSeconds(65);
        _output.WriteLine($"first token issued {firstIssued:HH:mm:ss}, expires {firstExpiry:HH:mm:ss}, refused after {dead:HH:mm:ss}; now {DateTimeOffset.UtcNow:HH:mm:ss}");
        if (DateTimeOffset.UtcNow < dead) await Task.Delay(dead - DateTimeOffset.UtcNow);

        // The kubelet wrote a new token into the same file...
        string current = await File.ReadAllTextAsync(tokenFile);
        Assert.NotEqual(first, current);
        var (issued, expiry) = Claims(current);
        Assert.True(issued > firstIssued && expiry > DateTimeOffset.UtcNow, $"the token in {tokenFile} was issued {issued:HH:mm:ss} and expires {expiry:HH:mm:ss}");

        // ... and the same process, never restarted, still reaches the API server: it renews its
        // Lease and writes an Ingress, which the first token could no longer do.
        var now = (await rotation.PodsAsync()).Single();
        Assert.Equal(pod.Metadata.Uid, now.Metadata!.Uid);
        Assert.Equal(0, now.Status!.ContainerStatuses!.Single().RestartCount);
        var (lease, leader) = await rotation.WaitForLeaderAsync(Settle, l => l.Spec!.RenewTime > dead);
        Assert.Equal(pod.Metadata.Name, leader.Metadata!.Name);
        await rotation.CreateAnnotatedServiceAsync("after-rotation");
        var ingresses = await rotation.WaitIngressesMatchServicesAsync(Settle);
        Assert.Contains("after-rotation", ingresses.Keys);
        // It read the new file before the old token failed: no request was refused.
        Assert.DoesNotContain("Unauthorized", await rotation.LogsAsync(leader.Metadata.Name!));
        _output.WriteLine($"lease renewed at {lease.Spec!.RenewTime:HH:mm:ss} with the token issued at {issued:HH:mm:ss}");
    }

    /// <summary>Writes out/test-results/incluster-handover-csharp.json, which build.ps1 Bench puts in its table.</summary>
    private static async Task WriteHandoverAsync(string controller, string test, IReadOnlyList<TimeSpan> handovers)
    {
        string folder = Path.Combine(ControllerDeployment.RepoRoot, "out", "test-results");
        Directory.CreateDirectory(folder);
        string load = File.Exists("/proc/loadavg") ? string.Join(" ", (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ').Take(3)) : "unknown";
        var figure = new
        {
            Controller = controller,
            Test = "InClusterControllerTests." + test,
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            Load = load,
            Seconds = handovers.Select(h => Math.Round(h.TotalSeconds, 3)).ToArray(),
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "incluster-handover-csharp.json"), JsonSerializer.Serialize(figure));
    }

    /// <summary>The iat and exp claims of a JWT (not verified: the API server did that).</summary>
    private static (DateTimeOffset Issued, DateTimeOffset Expiry) Claims(string jwt)
    {
        string payload = jwt.Trim().Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return (DateTimeOffset.FromUnixTimeSeconds(json.RootElement.GetProperty("iat").GetInt64()),
            DateTimeOffset.FromUnixTimeSeconds(json.RootElement.GetProperty("exp").GetInt64()));
    }
}

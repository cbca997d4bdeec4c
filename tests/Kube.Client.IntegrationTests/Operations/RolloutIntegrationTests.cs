using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AppsV1;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Xunit;
using Kubectl = Kube.Client.IntegrationTests.Discovery.Kubectl;

namespace Kube.Client.IntegrationTests.Operations;

/// <summary>
/// The rollout verbs against the real controller manager, each result compared with what kubectl
/// rollout history / status and kubectl get say. The pods of these workloads never run (see
/// <see cref="Workloads"/>): revisions, restarts, rollbacks and the progress deadline need no node.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RolloutIntegrationTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public RolloutIntegrationTests(ClusterFixture cluster) => _cluster = cluster;

    private string Ns => _cluster.Namespace;

    private Kube.Client.Typed.AppsV1.DeploymentsClient Deployments => _cluster.Clientset.AppsV1().Deployments(Ns);

    private static async Task<Kubectl.Result> KubectlAsync(params string[] args) =>
        await Kubectl.RunAsync(LocalCluster.KubeconfigPath, LocalCluster.AdminContext, args);

    private static async Task<string> KubectlOkAsync(params string[] args)
    {
        var result = await KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(" ", args)} failed: {result.Stderr}");
        return result.Stdout.Trim();
    }

    /// <summary>kubectl rollout history's REVISION / CHANGE-CAUSE rows (null for &lt;none&gt;).</summary>
    private async Task<List<(long Revision, string? Cause)>> KubectlHistoryAsync(string kindAndName)
    {
        string text = await KubectlOkAsync("rollout", "history", kindAndName, "-n", Ns);
        var rows = new List<(long, string?)>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()))
        {
            var parts = line.Split(new[] { ' ' }, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], out long revision)) continue;
            string cause = parts.Length > 1 ? parts[1].Trim() : "<none>";
            rows.Add((revision, cause == "<none>" ? null : cause));
        }
        return rows;
    }

    private Task ChangeImageAsync(string name, string image, string cause) =>
        Deployments.PatchAsync(name, PatchType.StrategicMerge, new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { ["kubernetes.io/change-cause"] = cause } },
            ["spec"] = System.Text.Json.Nodes.JsonNode.Parse("""{"template":{"spec":{"containers":[{"name":"main","image":"IMAGE"}]}}}""".Replace("IMAGE", image)),
        }.ToJsonString());

    [Fact]
    public async Task A_deployment_is_restarted_and_rolled_back_and_its_history_matches_kubectls()
    {
        string name = ClusterFixture.UniqueName("roll");
        var deployment = Workloads.Deployment(name, "busybox:v1");
        deployment.Metadata!.Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "v1" };
        await Deployments.CreateAsync(deployment);
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 1);
        await ChangeImageAsync(name, "busybox:v2", "v2");
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 2);

        var history = new RolloutHistory(_cluster.Clientset);
        var revisions = await history.ListAsync(RolloutKind.Deployment, Ns, name);
        Assert.Equal(new (long, string?)[] { (1, "v1"), (2, "v2") }, revisions.Select(r => (r.Revision, r.ChangeCause)));
        Assert.Equal("busybox:v1", revisions[0].Template!.Spec!.Containers![0].Image);
        Assert.Equal(await KubectlHistoryAsync("deployment/" + name), revisions.Select(r => (r.Revision, r.ChangeCause)).ToList());

        // Restart: a new template stamped with the time, hence revision 3.
        var restarted = Assert.IsType<Deployment>(await new RolloutRestarter(_cluster.Clientset).RestartAsync(RolloutKind.Deployment, Ns, name));
        string stamp = restarted.Spec!.Template!.Metadata!.Annotations![RolloutRestarter.RestartedAtAnnotation];
        Assert.True(DateTimeOffset.TryParse(stamp, out var when) && Math.Abs((DateTimeOffset.UtcNow - when).TotalMinutes) < 10, stamp);
        Assert.Equal(stamp, await KubectlOkAsync("get", "deployment", name, "-n", Ns, "-o", @"jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"));
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 3);

        // Undo: back to revision 2's template (no restartedAt), which comes back as revision 4.
        var undoer = new RolloutUndoer(_cluster.Clientset);
        var undone = await undoer.UndoAsync(RolloutKind.Deployment, Ns, name);
        Assert.False(undone.Skipped);
        Assert.Equal(2, undone.Revision);
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 4);
        Assert.Equal("busybox:v2", await KubectlOkAsync("get", "deployment", name, "-n", Ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("", await KubectlOkAsync("get", "deployment", name, "-n", Ns, "-o", @"jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"));
        var afterUndo = await history.ListAsync(RolloutKind.Deployment, Ns, name);
        Assert.Equal(new long[] { 1, 3, 4 }, afterUndo.Select(r => r.Revision));
        Assert.Equal(await KubectlHistoryAsync("deployment/" + name), afterUndo.Select(r => (r.Revision, r.ChangeCause)).ToList());

        // Undo to a revision by number; then again to the same one, which changes nothing.
        var toFirst = await undoer.UndoAsync(RolloutKind.Deployment, Ns, name, toRevision: 1);
        Assert.Equal(1, toFirst.Revision);
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 5);
        Assert.Equal("busybox:v1", await KubectlOkAsync("get", "deployment", name, "-n", Ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("v1", await KubectlOkAsync("get", "deployment", name, "-n", Ns, "-o", @"jsonpath={.metadata.annotations.kubernetes\.io/change-cause}"));
        var again = await undoer.UndoAsync(RolloutKind.Deployment, Ns, name, toRevision: 5);
        Assert.True(again.Skipped);

        var missing = await Assert.ThrowsAsync<RolloutException>(() => undoer.UndoAsync(RolloutKind.Deployment, Ns, name, toRevision: 2));
        Assert.Equal(RolloutFailure.RevisionNotFound, missing.Failure);
        var kubectlMissing = await KubectlAsync("rollout", "undo", "deployment/" + name, "-n", Ns, "--to-revision=2");
        Assert.NotEqual(0, kubectlMissing.ExitCode);
    }

    [Fact]
    public async Task A_paused_deployment_is_neither_restarted_nor_rolled_back()
    {
        string name = ClusterFixture.UniqueName("paused");
        await Deployments.CreateAsync(Workloads.Deployment(name, "busybox:v1"));
        await Workloads.ObservedAsync(_cluster.Clientset, Ns, name, 1);
        await Deployments.PatchAsync(name, PatchType.Merge, """{"spec":{"paused":true}}""");

        var restart = await Assert.ThrowsAsync<RolloutException>(() => new RolloutRestarter(_cluster.Clientset).RestartAsync(RolloutKind.Deployment, Ns, name));
        Assert.Equal(RolloutFailure.Paused, restart.Failure);
        Assert.NotEqual(0, (await KubectlAsync("rollout", "restart", "deployment/" + name, "-n", Ns)).ExitCode);
    }

    [Fact]
    public async Task A_deployment_with_nothing_to_roll_out_is_done_as_kubectl_says()
    {
        string name = ClusterFixture.UniqueName("zero");
        await Deployments.CreateAsync(Workloads.Deployment(name, "busybox:v1", replicas: 0));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var statuses = new List<RolloutStatus>();

        var done = await RolloutWaiter.WaitAsync(new DynamicClient(_cluster.Rest), RolloutKind.Deployment, Ns, name, observed: statuses.Add, cancellationToken: bound.Token);

        Assert.Equal(name, done.Name);
        Assert.True(statuses.Last().Done);
        var kubectl = await KubectlAsync("rollout", "status", "deployment/" + name, "-n", Ns, "--timeout=30s");
        Assert.Equal(0, kubectl.ExitCode);
        Assert.Contains("successfully rolled out", kubectl.Stdout);
    }

    [Fact]
    public async Task A_rollout_past_its_progress_deadline_is_a_stall_naming_the_condition_as_kubectl_reports_it()
    {
        string name = ClusterFixture.UniqueName("stall");
        await Deployments.CreateAsync(Workloads.Deployment(name, "busybox:v1", replicas: 1, progressDeadlineSeconds: 1));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var error = await Assert.ThrowsAsync<RolloutException>(() => RolloutWaiter.WaitAsync(new DynamicClient(_cluster.Rest), RolloutKind.Deployment, Ns, name, cancellationToken: bound.Token));

        Assert.Equal(RolloutFailure.ProgressDeadlineExceeded, error.Failure);
        Assert.Equal(("Progressing", "False", "ProgressDeadlineExceeded"), (error.Condition!.Type, error.Condition.Status, error.Condition.Reason));
        Assert.Contains("Progressing=False (ProgressDeadlineExceeded)", error.Message);
        var kubectl = await KubectlAsync("rollout", "status", "deployment/" + name, "-n", Ns, "--timeout=30s");
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("exceeded its progress deadline", kubectl.Stderr);
    }

    [Fact]
    public async Task A_rollout_that_cannot_finish_is_waited_for_until_cancelled()
    {
        string name = ClusterFixture.UniqueName("pending");
        await Deployments.CreateAsync(Workloads.Deployment(name, "busybox:v1", replicas: 2));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var statuses = new List<RolloutStatus>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RolloutWaiter.WaitAsync(new DynamicClient(_cluster.Rest), RolloutKind.Deployment, Ns, name, observed: statuses.Add, cancellationToken: bound.Token));

        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.False(s.Done));
        Assert.Contains(statuses, s => s.Message.Contains("of 2 updated replicas available") || s.Message.Contains("of 2 replicas updated"));
    }

    [Fact]
    public async Task A_statefulsets_history_and_rollback_match_kubectls()
    {
        string name = ClusterFixture.UniqueName("sts");
        var set = Workloads.StatefulSet(name, "busybox:v1");
        set.Metadata!.Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "first" };
        var sets = _cluster.Clientset.AppsV1().StatefulSets(Ns);
        await sets.CreateAsync(set);
        var history = new RolloutHistory(_cluster.Clientset);
        await Eventually.UntilAsync("the first ControllerRevision", async ct => (await history.ListAsync(RolloutKind.StatefulSet, Ns, name, ct)).Count == 1);
        await sets.PatchAsync(name, PatchType.StrategicMerge,
            """{"metadata":{"annotations":{"kubernetes.io/change-cause":"second"}},"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:v2"}]}}}}""");
        await Eventually.UntilAsync("the second ControllerRevision", async ct => (await history.ListAsync(RolloutKind.StatefulSet, Ns, name, ct)).Count == 2);

        var revisions = await history.ListAsync(RolloutKind.StatefulSet, Ns, name);
        Assert.Equal(await KubectlHistoryAsync("statefulset/" + name), revisions.Select(r => (r.Revision, r.ChangeCause)).ToList());
        Assert.Equal("busybox:v1", revisions[0].Template!.Spec!.Containers![0].Image);

        var undone = await new RolloutUndoer(_cluster.Clientset).UndoAsync(RolloutKind.StatefulSet, Ns, name);
        Assert.Equal(revisions[0].Revision, undone.Revision);
        Assert.Equal("busybox:v1", await KubectlOkAsync("get", "statefulset", name, "-n", Ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [Fact]
    public async Task A_daemonset_is_restarted_and_rolled_back()
    {
        string name = ClusterFixture.UniqueName("ds");
        var sets = _cluster.Clientset.AppsV1().DaemonSets(Ns);
        await sets.CreateAsync(Workloads.DaemonSet(name, "busybox:v1"));
        var history = new RolloutHistory(_cluster.Clientset);
        await Eventually.UntilAsync("the first ControllerRevision", async ct => (await history.ListAsync(RolloutKind.DaemonSet, Ns, name, ct)).Count == 1);

        await new RolloutRestarter(_cluster.Clientset).RestartAsync(RolloutKind.DaemonSet, Ns, name);
        await Eventually.UntilAsync("the restart's ControllerRevision", async ct => (await history.ListAsync(RolloutKind.DaemonSet, Ns, name, ct)).Count == 2);
        Assert.Equal(await KubectlHistoryAsync("daemonset/" + name), (await history.ListAsync(RolloutKind.DaemonSet, Ns, name)).Select(r => (r.Revision, r.ChangeCause)).ToList());

        var undone = await new RolloutUndoer(_cluster.Clientset).UndoAsync(RolloutKind.DaemonSet, Ns, name);
        Assert.False(undone.Skipped);
        Assert.Equal("", await KubectlOkAsync("get", "daemonset", name, "-n", Ns, "-o", @"jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"));
    }
}

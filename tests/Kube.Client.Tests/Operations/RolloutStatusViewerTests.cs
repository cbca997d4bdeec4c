using System.Collections.Generic;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Operations;
using Xunit;

namespace Kube.Client.Tests.Operations;

public class RolloutStatusViewerTests
{
    private static Deployment Deployment(long generation, long observed, int? desired, int replicas, int updated, int available,
        string? progressingReason = null, string? revision = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "web",
            Namespace = "shop",
            Generation = generation,
            Annotations = revision is null ? null : new Dictionary<string, string> { [RolloutStatusViewer.RevisionAnnotation] = revision },
        },
        Spec = new DeploymentSpec { Replicas = desired, ProgressDeadlineSeconds = 30 },
        Status = new DeploymentStatus
        {
            ObservedGeneration = observed,
            Replicas = replicas,
            UpdatedReplicas = updated,
            ReadyReplicas = available,
            AvailableReplicas = available,
            Conditions = progressingReason is null ? null : new List<DeploymentCondition>
            {
                new() { Type = "Available", Status = "False", Reason = "MinimumReplicasUnavailable" },
                new() { Type = "Progressing", Status = "False", Reason = progressingReason, Message = "ReplicaSet \"web-5d8f\" has timed out progressing." },
            },
        },
    };

    [Fact]
    public void A_deployment_whose_spec_the_controller_has_not_seen_is_not_done_whatever_its_counts()
    {
        var status = RolloutStatusViewer.Status(Deployment(generation: 3, observed: 2, desired: 2, replicas: 2, updated: 2, available: 2));
        Assert.False(status.Done);
        Assert.False(status.Observed);
        Assert.Contains("generation 3", status.Message);
        Assert.Equal(0, status.PercentComplete);
    }

    [Theory]
    [InlineData(3, 1, 1, 0, "1 of 3 replicas updated")]
    [InlineData(3, 4, 3, 3, "1 old replica(s) still terminating")]
    [InlineData(3, 3, 3, 1, "1 of 3 updated replicas available")]
    public void A_deployment_waits_for_updated_then_old_gone_then_available(int desired, int replicas, int updated, int available, string expected)
    {
        var status = RolloutStatusViewer.Status(Deployment(2, 2, desired, replicas, updated, available));
        Assert.False(status.Done);
        Assert.True(status.Observed);
        Assert.Contains(expected, status.Message);
        Assert.InRange(status.PercentComplete, 1, 99);
    }

    [Fact]
    public void A_deployment_with_every_replica_updated_and_available_is_done()
    {
        var status = RolloutStatusViewer.Status(Deployment(2, 2, desired: 3, replicas: 3, updated: 3, available: 3));
        Assert.True(status.Done);
        Assert.Equal(100, status.PercentComplete);
        Assert.Equal((3, 3, 3), (status.Desired, status.Updated, status.Available));
    }

    [Fact]
    public void A_deployment_past_its_progress_deadline_is_a_stall_that_names_the_condition()
    {
        var error = Assert.Throws<RolloutException>(() => RolloutStatusViewer.Status(Deployment(2, 2, 3, 3, 1, 0, progressingReason: "ProgressDeadlineExceeded")));
        Assert.Equal(RolloutFailure.ProgressDeadlineExceeded, error.Failure);
        Assert.NotNull(error.Condition);
        Assert.Equal("Progressing", error.Condition!.Type);
        Assert.Equal("False", error.Condition.Status);
        Assert.Contains("Progressing=False (ProgressDeadlineExceeded)", error.Message);
        Assert.Contains("has timed out progressing", error.Message);
        Assert.Contains("30s", error.Message);
    }

    [Fact]
    public void A_stall_is_only_judged_once_the_newest_spec_is_observed()
    {
        // A new template after a stall resets the deadline: until the controller sees it, the old condition means nothing.
        var status = RolloutStatusViewer.Status(Deployment(3, 2, 3, 3, 1, 0, progressingReason: "ProgressDeadlineExceeded"));
        Assert.False(status.Done);
    }

    [Fact]
    public void Another_reason_on_progressing_is_not_a_stall()
    {
        var status = RolloutStatusViewer.Status(Deployment(2, 2, 3, 3, 1, 0, progressingReason: "ReplicaSetUpdated"));
        Assert.False(status.Done);
    }

    [Fact]
    public void A_revision_to_wait_for_must_be_the_deployments_revision()
    {
        Assert.True(RolloutStatusViewer.Status(Deployment(2, 2, 1, 1, 1, 1, revision: "4"), revision: 4).Done);
        var error = Assert.Throws<RolloutException>(() => RolloutStatusViewer.Status(Deployment(2, 2, 1, 1, 1, 1, revision: "5"), revision: 4));
        Assert.Equal(RolloutFailure.RevisionChanged, error.Failure);
        Assert.Contains("revision 5", error.Message);
    }

    private static StatefulSet StatefulSet(string strategy, int? partition, long generation, long observed, int desired, int ready, int updated,
        string currentRevision = "web-1", string updateRevision = "web-1") => new()
    {
        Metadata = new ObjectMeta { Name = "db", Generation = generation },
        Spec = new StatefulSetSpec
        {
            Replicas = desired,
            UpdateStrategy = new StatefulSetUpdateStrategy
            {
                Type = strategy,
                RollingUpdate = partition is int p ? new RollingUpdateStatefulSetStrategy { Partition = p } : null,
            },
        },
        Status = new StatefulSetStatus
        {
            ObservedGeneration = observed,
            ReadyReplicas = ready,
            UpdatedReplicas = updated,
            CurrentReplicas = desired,
            CurrentRevision = currentRevision,
            UpdateRevision = updateRevision,
        },
    };

    [Fact]
    public void A_statefulset_with_the_on_delete_strategy_has_no_rollout_to_follow()
    {
        var error = Assert.Throws<RolloutException>(() => RolloutStatusViewer.Status(StatefulSet("OnDelete", null, 1, 1, 3, 3, 3)));
        Assert.Equal(RolloutFailure.StrategyNotRollingUpdate, error.Failure);
        Assert.Contains("OnDelete", error.Message);
    }

    [Theory]
    [InlineData(null, 2L, 1L, 3, 3, 3, false, "generation 2")]
    [InlineData(null, 1L, 0L, 3, 3, 3, false, "generation 1")]
    [InlineData(0, 1L, 1L, 3, 2, 3, false, "2 of 3 pods ready")]
    [InlineData(2, 1L, 1L, 3, 3, 0, false, "0 of 1 pods above partition 2 updated")]
    [InlineData(2, 1L, 1L, 3, 3, 1, true, "rolled out")]
    [InlineData(0, 1L, 1L, 3, 3, 3, true, "rolled out")]
    public void A_statefulset_waits_for_ready_pods_then_the_pods_above_its_partition(int? partition, long generation, long observed, int desired, int ready, int updated, bool done, string expected)
    {
        var status = RolloutStatusViewer.Status(StatefulSet("RollingUpdate", partition, generation, observed, desired, ready, updated));
        Assert.Equal(done, status.Done);
        Assert.Contains(expected, status.Message);
    }

    [Fact]
    public void A_statefulset_without_rolling_update_settings_waits_for_the_update_revision_to_become_current()
    {
        Assert.False(RolloutStatusViewer.Status(StatefulSet("RollingUpdate", null, 1, 1, 2, 2, 1, "db-1", "db-2")).Done);
        Assert.True(RolloutStatusViewer.Status(StatefulSet("RollingUpdate", null, 1, 1, 2, 2, 2, "db-2", "db-2")).Done);
    }

    private static DaemonSet DaemonSet(long generation, long observed, int desired, int updated, int available, string strategy = "RollingUpdate") => new()
    {
        Metadata = new ObjectMeta { Name = "agent", Generation = generation },
        Spec = new DaemonSetSpec { UpdateStrategy = new DaemonSetUpdateStrategy { Type = strategy } },
        Status = new DaemonSetStatus { ObservedGeneration = observed, DesiredNumberScheduled = desired, UpdatedNumberScheduled = updated, NumberAvailable = available, NumberReady = available },
    };

    [Theory]
    [InlineData(2L, 1L, 1, 1, 1, false, "generation 2")]
    [InlineData(1L, 1L, 2, 1, 1, false, "1 of 2 pods updated")]
    [InlineData(1L, 1L, 2, 2, 1, false, "1 of 2 updated pods available")]
    [InlineData(1L, 1L, 2, 2, 2, true, "rolled out")]
    public void A_daemonset_waits_for_every_node_to_run_an_updated_available_pod(long generation, long observed, int desired, int updated, int available, bool done, string expected)
    {
        var status = RolloutStatusViewer.Status(DaemonSet(generation, observed, desired, updated, available));
        Assert.Equal(done, status.Done);
        Assert.Contains(expected, status.Message);
    }

    [Fact]
    public void A_daemonset_with_the_on_delete_strategy_has_no_rollout_to_follow()
    {
        Assert.Equal(RolloutFailure.StrategyNotRollingUpdate, Assert.Throws<RolloutException>(() => RolloutStatusViewer.Status(DaemonSet(1, 1, 1, 1, 1, "OnDelete"))).Failure);
    }

    [Fact]
    public void Unstructured_objects_are_judged_by_their_kind()
    {
        var obj = UnstructuredConverter.ToUnstructured(Deployment(2, 2, 2, 2, 2, 2));
        Assert.True(RolloutStatusViewer.Status(obj).Done);
        var configMap = new Unstructured("v1", "ConfigMap");
        configMap.SetNestedField(System.Text.Json.Nodes.JsonValue.Create("x"), "metadata", "name");
        var error = Assert.Throws<RolloutNotSupportedException>(() => RolloutStatusViewer.Status(configMap));
        Assert.Contains("ConfigMap", error.Message);
        Assert.Contains("Deployments, StatefulSets and DaemonSets", error.Message);
    }
}

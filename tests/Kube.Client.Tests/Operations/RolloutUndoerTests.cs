using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Models.AppsV1;
using Kube.Client.Operations;
using Kube.Client.Tests.Fakes;
using Xunit;
using static Kube.Client.Tests.Operations.RolloutFixtures;

namespace Kube.Client.Tests.Operations;

public class RolloutUndoerTests
{
    private static (RolloutUndoer Undoer, FakeHttpHandler Handler) Create()
    {
        var handler = new FakeHttpHandler();
        return (new RolloutUndoer(new Clientset(TestRest.Create(handler))), handler);
    }

    [Fact]
    public async Task A_deployment_goes_back_to_the_template_and_change_cause_of_the_revision_before_the_current()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:3")));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(
            ReplicaSet("web-1", 1, "web:1", "first"),
            ReplicaSet("web-3", 3, "web:3", "third"),
            ReplicaSet("web-2", 2, "web:2", "second"),
            ReplicaSet("other-9", 9, "other:9", ownerUid: "someone-else"))));
        handler.Respond(_ => Responses.Ok(Deployment("web:2", revision: 4)));

        var result = await undoer.UndoAsync(RolloutKind.Deployment, "shop", "web");

        Assert.False(result.Skipped);
        Assert.Equal(2, result.Revision);
        Assert.IsType<Deployment>(result.Object);
        Assert.Contains("labelSelector=app%3Dweb", handler.Requests[1].RequestUri!.Query);
        var patch = handler.Requests[2];
        Assert.Equal("PATCH", patch.Method.Method);
        Assert.Equal("application/json-patch+json", patch.Content!.Headers.ContentType!.MediaType);
        var ops = JsonNode.Parse(handler.Bodies[2]!)!.AsArray();
        Assert.Equal("/spec/template", ops[0]!["path"]!.GetValue<string>());
        Assert.Equal("web:2", ops[0]!["value"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Null(ops[0]!["value"]!["metadata"]!["labels"]!["pod-template-hash"]);
        var annotations = ops[1]!["value"]!.AsObject();
        Assert.Equal("second", annotations["kubernetes.io/change-cause"]!.GetValue<string>());
        Assert.Equal("3", annotations["deployment.kubernetes.io/revision"]!.GetValue<string>());
        Assert.True(annotations.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.False(annotations.ContainsKey("team"));
        Assert.False(annotations.ContainsKey("deployment.kubernetes.io/desired-replicas"));
    }

    [Fact]
    public async Task A_revision_asked_for_by_number_is_the_one_restored()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:3")));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(ReplicaSet("web-1", 1, "web:1"), ReplicaSet("web-2", 2, "web:2"), ReplicaSet("web-3", 3, "web:3"))));
        handler.Respond(_ => Responses.Ok(Deployment("web:1", revision: 4)));

        var result = await undoer.UndoAsync(RolloutKind.Deployment, "shop", "web", toRevision: 1, dryRun: true);

        Assert.Equal(1, result.Revision);
        Assert.Contains("web:1", handler.Bodies[2]);
        Assert.Contains("dryRun=All", handler.Requests[2].RequestUri!.Query);
    }

    [Fact]
    public async Task A_revision_not_in_the_history_is_refused_naming_the_revisions_kept()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:3")));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(ReplicaSet("web-2", 2, "web:2"), ReplicaSet("web-3", 3, "web:3"))));

        var error = await Assert.ThrowsAsync<RolloutException>(() => undoer.UndoAsync(RolloutKind.Deployment, "shop", "web", toRevision: 7));

        Assert.Equal(RolloutFailure.RevisionNotFound, error.Failure);
        Assert.Contains("revision 7", error.Message);
        Assert.Contains("revisions kept: 2, 3", error.Message);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_deployment_with_one_revision_has_nothing_to_go_back_to()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:1", revision: 1)));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(ReplicaSet("web-1", 1, "web:1"))));
        var error = await Assert.ThrowsAsync<RolloutException>(() => undoer.UndoAsync(RolloutKind.Deployment, "shop", "web"));
        Assert.Contains("no earlier revision", error.Message);
    }

    [Fact]
    public async Task A_paused_deployment_is_not_rolled_back()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:3", paused: true)));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(ReplicaSet("web-2", 2, "web:2"), ReplicaSet("web-3", 3, "web:3"))));
        var error = await Assert.ThrowsAsync<RolloutException>(() => undoer.UndoAsync(RolloutKind.Deployment, "shop", "web"));
        Assert.Equal(RolloutFailure.Paused, error.Failure);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_deployment_already_at_the_revision_is_left_alone()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(Deployment("web:2")));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(ReplicaSet("web-2", 2, "web:2"), ReplicaSet("web-3", 3, "web:3"))));

        var result = await undoer.UndoAsync(RolloutKind.Deployment, "shop", "web", toRevision: 2);

        Assert.True(result.Skipped);
        Assert.Contains("already runs the template of revision 2", result.Message);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_statefulset_gets_its_controller_revision_data_as_a_strategic_merge_patch()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(StatefulSet("db:2")));
        handler.Respond(_ => Responses.Ok(ControllerRevisionList(ControllerRevision("db-a", 1, "db:1"), ControllerRevision("db-b", 2, "db:2"), ControllerRevision("x", 5, "x", ownerUid: "other"))));
        handler.Respond(_ => Responses.Ok(StatefulSet("db:1")));

        var result = await undoer.UndoAsync(RolloutKind.StatefulSet, "shop", "db");

        Assert.Equal(1, result.Revision);
        Assert.IsType<StatefulSet>(result.Object);
        Assert.Equal("application/strategic-merge-patch+json", handler.Requests[2].Content!.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(handler.Bodies[2]!)!;
        Assert.Equal("replace", body["spec"]!["template"]!["$patch"]!.GetValue<string>());
        Assert.Equal("db:1", body["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_statefulset_already_at_the_revision_is_left_alone()
    {
        var (undoer, handler) = Create();
        handler.Respond(_ => Responses.Ok(StatefulSet("db:1")));
        handler.Respond(_ => Responses.Ok(ControllerRevisionList(ControllerRevision("db-a", 1, "db:1"), ControllerRevision("db-b", 2, "db:2"))));
        var result = await undoer.UndoAsync(RolloutKind.StatefulSet, "shop", "db", toRevision: 1);
        Assert.True(result.Skipped);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_negative_revision_is_refused()
    {
        var (undoer, _) = Create();
        await Assert.ThrowsAsync<System.ArgumentOutOfRangeException>(() => undoer.UndoAsync(RolloutKind.Deployment, "shop", "web", toRevision: -1));
    }
}

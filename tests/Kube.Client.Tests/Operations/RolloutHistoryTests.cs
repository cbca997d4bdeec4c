using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.Client.Tests.Fakes;
using Xunit;
using static Kube.Client.Tests.Operations.RolloutFixtures;

namespace Kube.Client.Tests.Operations;

public class RolloutHistoryTests
{
    [Fact]
    public async Task A_deployments_history_is_its_own_replicasets_by_revision_with_their_change_cause_and_template()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(Deployment("web:3")));
        handler.Respond(_ => Responses.Ok(ReplicaSetList(
            ReplicaSet("web-3", 3, "web:3", "third"),
            ReplicaSet("web-1", 1, "web:1"),
            ReplicaSet("stranger", 2, "x:2", ownerUid: "other"))));

        var history = await new RolloutHistory(new Clientset(TestRest.Create(handler))).ListAsync(RolloutKind.Deployment, "shop", "web");

        Assert.Equal(new long[] { 1, 3 }, history.Select(r => r.Revision));
        Assert.Null(history[0].ChangeCause);
        Assert.Equal("third", history[1].ChangeCause);
        Assert.Equal(("ReplicaSet", "web-3"), (history[1].SourceKind, history[1].SourceName));
        Assert.Equal("web:3", history[1].Template!.Spec!.Containers![0].Image);
        Assert.All(history, r => Assert.Equal(("shop", "web", RolloutKind.Deployment), (r.Namespace, r.Name, r.Kind)));
    }

    [Fact]
    public async Task A_statefulsets_history_is_its_controller_revisions_with_the_template_they_hold()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(StatefulSet("db:2")));
        handler.Respond(_ => Responses.Ok(ControllerRevisionList(ControllerRevision("db-b", 2, "db:2", "bump"), ControllerRevision("db-a", 1, "db:1"))));

        var history = await new RolloutHistory(new Clientset(TestRest.Create(handler))).ListAsync(RolloutKind.StatefulSet, "shop", "db");

        Assert.Equal(new long[] { 1, 2 }, history.Select(r => r.Revision));
        Assert.Equal("bump", history[1].ChangeCause);
        Assert.Equal("db:1", history[0].Template!.Spec!.Containers![0].Image);
        Assert.Equal("/apis/apps/v1/namespaces/shop/controllerrevisions", handler.Requests[1].RequestUri!.AbsolutePath);
    }
}

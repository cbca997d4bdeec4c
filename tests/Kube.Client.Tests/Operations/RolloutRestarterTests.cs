using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Operations;
using Kube.Client.Tests.Fakes;
using Xunit;
using static Kube.Client.Tests.Operations.RolloutFixtures;

namespace Kube.Client.Tests.Operations;

public class RolloutRestarterTests
{
    [Fact]
    public async Task A_restart_stamps_the_pod_template_with_the_time_in_one_strategic_merge_patch()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(Deployment("web:1")));
        handler.Respond(_ => Responses.Ok(Deployment("web:1")));
        var clock = new FakeClock(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

        await new RolloutRestarter(new Clientset(TestRest.Create(handler)), clock).RestartAsync(RolloutKind.Deployment, "shop", "web");

        var patch = handler.Requests[1];
        Assert.Equal("PATCH", patch.Method.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/deployments/web", patch.RequestUri!.AbsolutePath);
        Assert.Equal("application/strategic-merge-patch+json", patch.Content!.Headers.ContentType!.MediaType);
        var stamp = JsonNode.Parse(handler.Bodies[1]!)!["spec"]!["template"]!["metadata"]!["annotations"]![RolloutRestarter.RestartedAtAnnotation]!.GetValue<string>();
        Assert.Equal(clock.UtcNow, DateTimeOffset.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_paused_deployment_is_not_restarted()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(Deployment("web:1", paused: true)));
        var error = await Assert.ThrowsAsync<RolloutException>(() => new RolloutRestarter(new Clientset(TestRest.Create(handler))).RestartAsync(RolloutKind.Deployment, "shop", "web"));
        Assert.Equal(RolloutFailure.Paused, error.Failure);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(RolloutKind.StatefulSet, "statefulsets")]
    [InlineData(RolloutKind.DaemonSet, "daemonsets")]
    public async Task Statefulsets_and_daemonsets_are_patched_directly(RolloutKind kind, string resource)
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(StatefulSet("db:1").Replace("StatefulSet", kind.ToString())));
        await new RolloutRestarter(new Clientset(TestRest.Create(handler))).RestartAsync(kind, "shop", "db", dryRun: true);
        Assert.Equal($"/apis/apps/v1/namespaces/shop/{resource}/db", Assert.Single(handler.Requests).RequestUri!.AbsolutePath);
        Assert.Contains("dryRun=All", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public void The_time_is_written_as_go_writes_rfc3339()
    {
        Assert.Equal("2024-05-06T07:08:09Z", RolloutRestarter.Rfc3339(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero)));
        Assert.Equal("2024-05-06T07:08:09+02:00", RolloutRestarter.Rfc3339(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Only_apps_deployments_statefulsets_and_daemonsets_have_rollouts()
    {
        Assert.Equal(RolloutKind.DaemonSet, RolloutKinds.From(new Schema.GroupKind("apps", "DaemonSet")));
        var error = Assert.Throws<RolloutNotSupportedException>(() => RolloutKinds.From(new Schema.GroupKind("batch", "Job"), "restart"));
        Assert.Contains("cannot restart a Job.batch", error.Message);
    }
}

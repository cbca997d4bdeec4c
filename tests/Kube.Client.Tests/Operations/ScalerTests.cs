using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Dynamic;
using Kube.Client.Operations;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Operations;

public class ScalerTests
{
    private static readonly GroupVersionResource Deployments = new("apps", "v1", "deployments");

    private static string ScaleJson(int replicas, string resourceVersion = "10", int statusReplicas = 1) => """
        {"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"shop","resourceVersion":"{rv}"},
         "spec":{"replicas":{replicas}},"status":{"replicas":{status},"selector":"app=web"}}
        """.Replace("{rv}", resourceVersion).Replace("{replicas}", replicas.ToString(CultureInfo.InvariantCulture)).Replace("{status}", statusReplicas.ToString(CultureInfo.InvariantCulture));

    private static (Scaler Scaler, FakeHttpHandler Handler) Create(bool withDiscovery = true)
    {
        var handler = new FakeHttpHandler();
        var discovery = withDiscovery ? new DiscoveryClient(TestRest.Create(new FakeDiscoveryServer())) : null;
        return (new Scaler(new DynamicClient(TestRest.Create(handler)), discovery), handler);
    }

    [Fact]
    public async Task Without_a_precondition_the_scale_subresource_gets_one_merge_patch_of_its_replicas()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(3)));

        var scale = await scaler.ScaleAsync(Deployments, "shop", "web", 3);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PATCH", request.Method.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/deployments/web/scale", request.RequestUri!.AbsolutePath);
        Assert.Equal("application/merge-patch+json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"spec":{"replicas":3}}""", handler.Bodies[0]);
        Assert.Equal(3, scale.Spec!.Replicas);
        Assert.Equal("app=web", scale.Status!.Selector);
    }

    [Fact]
    public async Task A_dry_run_asks_the_server_to_store_nothing()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(3)));
        await scaler.ScaleAsync(Deployments, "shop", "web", 3, dryRun: true);
        Assert.Contains("dryRun=All", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public async Task A_current_replicas_precondition_that_holds_writes_the_scale_back_at_the_version_read()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(2, "41")));
        handler.Respond(_ => Responses.Ok(ScaleJson(5, "42")));

        var scale = await scaler.ScaleAsync(Deployments, "shop", "web", 5, new ScalePrecondition { Replicas = 2 });

        Assert.Equal(new[] { "GET", "PUT" }, handler.Requests.Select(r => r.Method.Method));
        Assert.All(handler.Requests, r => Assert.Equal("/apis/apps/v1/namespaces/shop/deployments/web/scale", r.RequestUri!.AbsolutePath));
        Assert.Contains("\"resourceVersion\":\"41\"", handler.Bodies[1]);
        Assert.Contains("\"replicas\":5", handler.Bodies[1]);
        Assert.Equal("42", scale.Metadata!.ResourceVersion);
    }

    [Fact]
    public async Task A_current_replicas_precondition_that_fails_changes_nothing_and_says_what_it_found()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(1)));

        var error = await Assert.ThrowsAsync<ScalePreconditionException>(() => scaler.ScaleAsync(Deployments, "shop", "web", 5, new ScalePrecondition { Replicas = 2 }));

        Assert.Single(handler.Requests);
        Assert.Equal(("replicas", "2", "1"), (error.Precondition, error.Expected, error.Actual));
        Assert.Contains("deployments.apps/web in namespace shop", error.Message);
        Assert.Contains("expected replicas to be 2, was 1", error.Message);
    }

    [Fact]
    public async Task A_resource_version_precondition_is_checked_against_the_scale()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(1, "77")));
        var error = await Assert.ThrowsAsync<ScalePreconditionException>(() => scaler.ScaleAsync(Deployments, "shop", "web", 5, new ScalePrecondition { ResourceVersion = "76" }));
        Assert.Equal("resource version", error.Precondition);
    }

    [Fact]
    public async Task A_write_that_loses_a_race_is_read_and_checked_again()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(2, "41")));
        handler.Respond(_ => Responses.Status(409, "Conflict", "the object has been modified"));
        handler.Respond(_ => Responses.Ok(ScaleJson(2, "43")));
        handler.Respond(_ => Responses.Ok(ScaleJson(4, "44")));

        var scale = await scaler.ScaleAsync(Deployments, "shop", "web", 4, new ScalePrecondition { Replicas = 2 });

        Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, handler.Requests.Select(r => r.Method.Method));
        Assert.Contains("\"resourceVersion\":\"43\"", handler.Bodies[3]);
        Assert.Equal(4, scale.Spec!.Replicas);
    }

    [Fact]
    public async Task A_kind_without_a_scale_subresource_is_refused_before_any_request()
    {
        var (scaler, handler) = Create();
        var error = await Assert.ThrowsAsync<NotScalableException>(() => scaler.ScaleAsync(new GroupVersionResource("", "v1", "configmaps"), "shop", "app", 2));
        Assert.Empty(handler.Requests);
        Assert.Contains("configmaps has no scale subresource", error.Message);
    }

    [Theory]
    [InlineData("statefulsets")]
    [InlineData("replicasets")]
    public async Task Every_resource_discovery_lists_with_a_scale_subresource_is_scalable(string resource)
    {
        Assert.True(await Scaler.HasScaleSubresourceAsync(new DiscoveryClient(TestRest.Create(new FakeDiscoveryServer())), new GroupVersionResource("apps", "v1", resource)));
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(0)));
        await scaler.ScaleAsync(new GroupVersionResource("apps", "v1", resource), "shop", "web", 0);
        Assert.EndsWith($"/{resource}/web/scale", handler.Requests[0].RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_what_was_expected()
    {
        var (scaler, _) = Create(withDiscovery: false);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scaler.ScaleAsync(Deployments, "shop", "web", -1));
        await Assert.ThrowsAsync<ArgumentException>(() => scaler.ScaleAsync(Deployments, "shop", "", 1));
    }

    [Fact]
    public async Task Reading_the_scale_gets_the_subresource()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok(ScaleJson(2, statusReplicas: 2)));
        var scale = await scaler.GetScaleAsync(Deployments, "shop", "web");
        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal((2, 2), (scale.Spec!.Replicas, scale.Status!.Replicas));
    }

    [Fact]
    public async Task Replica_counts_of_zero_that_the_server_leaves_out_read_as_zero()
    {
        var (scaler, handler) = Create();
        handler.Respond(_ => Responses.Ok("""{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"shop"},"spec":{},"status":{"selector":"app=web"}}"""));
        var scale = await scaler.ScaleAsync(Deployments, "shop", "web", 0);
        Assert.Equal((0, 0), (scale.Spec!.Replicas, scale.Status!.Replicas));
    }
}

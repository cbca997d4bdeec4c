using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Operations;

public sealed class ResourcePatcherTests
{
    private static readonly GroupVersionKind Deployment = new("apps", "v1", "Deployment");
    private static readonly GroupVersionKind Widget = new("example.com", "v1", "Widget");

    [Fact]
    public void Built_in_kinds_default_to_a_strategic_merge_patch_and_custom_resources_to_a_merge_patch()
    {
        Assert.Equal(PatchType.StrategicMerge, ResourcePatcher.DefaultTypeFor(Deployment));
        Assert.Equal(PatchType.Merge, ResourcePatcher.DefaultTypeFor(Widget));
    }

    [Theory]
    [InlineData("apps", "v1", "deployments", "Deployment", null, "application/strategic-merge-patch+json")]
    [InlineData("example.com", "v1", "widgets", "Widget", null, "application/merge-patch+json")]
    [InlineData("apps", "v1", "deployments", "Deployment", PatchType.Merge, "application/merge-patch+json")]
    public async Task The_patch_goes_out_with_the_type_asked_or_the_kinds_default(string group, string version, string resource, string kind, PatchType? type, string contentType)
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok($"{{\"apiVersion\":\"{group}/{version}\",\"kind\":\"{kind}\",\"metadata\":{{\"name\":\"x\"}}}}"));
        var client = new DynamicClient(TestRest.Create(handler)).Resource(new GroupVersionResource(group, version, resource)).Namespace("ns");

        await ResourcePatcher.PatchAsync(client, new GroupVersionKind(group, version, kind), "x", JsonNode.Parse("{\"spec\":{\"replicas\":3}}")!, type);

        Assert.Equal("PATCH", handler.Requests[0].Method.Method);
        Assert.Equal(contentType, handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal("{\"spec\":{\"replicas\":3}}", handler.Bodies[0]);
    }

    [Fact]
    public async Task A_patch_whose_shape_does_not_fit_its_type_is_refused_before_any_request()
    {
        var handler = new FakeHttpHandler();
        var client = new DynamicClient(TestRest.Create(handler)).Resource(new GroupVersionResource("apps", "v1", "deployments")).Namespace("ns");

        var json = await Assert.ThrowsAsync<ArgumentException>(() => ResourcePatcher.PatchAsync(client, Deployment, "x", JsonNode.Parse("{\"a\":1}")!, PatchType.Json));
        var merge = await Assert.ThrowsAsync<ArgumentException>(() => ResourcePatcher.PatchAsync(client, Deployment, "x", JsonNode.Parse("[{\"op\":\"remove\",\"path\":\"/a\"}]")!));

        Assert.Contains("list of operations", json.Message);
        Assert.Contains("strategic merge patch is an object", merge.Message);
        Assert.Empty(handler.Requests);
    }
}

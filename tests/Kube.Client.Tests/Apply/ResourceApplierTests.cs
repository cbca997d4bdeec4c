using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Apply;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Apply;

/// <summary>ResourceApplier against an in-process fake server: the read before, the apply, the classification.</summary>
public sealed class ResourceApplierTests
{
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private static string Stored(string rv, string value) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"k\":\"" + value + "\"}}";

    private static Unstructured Intent() => Unstructured.Parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},\"data\":{\"k\":\"v\"}}");

    private static (DynamicResourceClient Client, FakeHttpHandler Handler) Fake(params System.Func<HttpRequestMessage, HttpResponseMessage>[] responses)
    {
        var handler = new FakeHttpHandler();
        foreach (var r in responses) handler.Respond(r);
        return (new DynamicClient(TestRest.Create(handler)).Resource(ConfigMaps).Namespace("ns"), handler);
    }

    [Fact]
    public async Task A_404_before_the_apply_means_created()
    {
        var (client, handler) = Fake(_ => Responses.Status(404, "NotFound", "configmaps \"c\" not found"), _ => Responses.Ok(Stored("5", "v")));

        var result = await ResourceApplier.ApplyAsync(client, Intent(), new ApplyOptions("me"));

        Assert.Equal(ApplyAction.Created, result.Action);
        Assert.Equal("5", result.Object.ResourceVersion);
        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal("PATCH", handler.Requests[1].Method.Method);
        Assert.Equal("application/apply-patch+yaml", handler.Requests[1].Content!.Headers.ContentType!.MediaType);
        Assert.Contains("fieldManager=me", handler.Requests[1].RequestUri!.Query);
    }

    [Fact]
    public async Task The_same_resource_version_after_the_apply_means_unchanged()
    {
        var (client, _) = Fake(_ => Responses.Ok(Stored("5", "v")), _ => Responses.Ok(Stored("5", "v")));

        Assert.Equal(ApplyAction.Unchanged, (await ResourceApplier.ApplyAsync(client, Intent(), new ApplyOptions("me"))).Action);
    }

    [Fact]
    public async Task A_new_resource_version_means_configured()
    {
        var (client, _) = Fake(_ => Responses.Ok(Stored("5", "old")), _ => Responses.Ok(Stored("6", "v")));

        Assert.Equal(ApplyAction.Configured, (await ResourceApplier.ApplyAsync(client, Intent(), new ApplyOptions("me"))).Action);
    }

    [Fact]
    public async Task Force_and_dry_run_reach_the_query()
    {
        var (client, handler) = Fake(_ => Responses.Ok(Stored("5", "old")), _ => Responses.Ok(Stored("5", "v")));

        var result = await ResourceApplier.ApplyAsync(client, Intent(), new ApplyOptions("me", force: true) { DryRun = true });

        Assert.Equal(ApplyAction.Configured, result.Action);
        string query = System.Uri.UnescapeDataString(handler.Requests[1].RequestUri!.Query);
        Assert.Contains("force=true", query);
        Assert.Contains("dryRun=All", query);
    }

    [Fact]
    public async Task A_conflict_comes_back_as_the_servers_exception_with_its_causes()
    {
        var (client, _) = Fake(
            _ => Responses.Ok(Stored("5", "theirs")),
            _ => Responses.Status(409, "Conflict", "Apply failed with 1 conflict: conflict with \"m1\": .data.k",
                "{\"causes\":[{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"m1\\\"\",\"field\":\".data.k\"}]}"));

        var e = await Assert.ThrowsAsync<KubeApiException>(() => ResourceApplier.ApplyAsync(client, Intent(), new ApplyOptions("me")));

        Assert.True(ApplyConflicts.IsApplyConflict(e));
        var conflict = Assert.Single(ApplyConflicts.From(e));
        Assert.Equal("m1", conflict.Manager);
        Assert.Equal(".data.k", conflict.Field);
    }

    [Fact]
    public async Task An_object_without_a_name_is_refused_before_any_request()
    {
        var (client, handler) = Fake();
        var intent = Intent();
        intent.RemoveNestedField("metadata", "name");

        await Assert.ThrowsAsync<System.ArgumentException>(() => ResourceApplier.ApplyAsync(client, intent, new ApplyOptions("me")));
        Assert.Empty(handler.Requests);
    }
}

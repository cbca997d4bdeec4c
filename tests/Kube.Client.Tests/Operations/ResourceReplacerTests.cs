using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Operations;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Operations;

public sealed class ResourceReplacerTests
{
    private static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private static string Stored(string rv) => $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"c\",\"namespace\":\"ns\",\"resourceVersion\":\"{rv}\"}}}}";

    private static Unstructured Given(string? rv = null)
    {
        var obj = new Unstructured("v1", "ConfigMap") { Name = "c", Namespace = "ns" };
        if (rv is not null) obj.SetNestedField(rv, "metadata", "resourceVersion");
        obj.SetNestedField("v", "data", "k");
        return obj;
    }

    [Fact]
    public async Task An_object_with_a_resource_version_is_one_update_and_its_conflict_is_the_callers()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Status(409, "Conflict", "the object has been modified"));
        var client = new DynamicClient(TestRest.Create(handler)).Resource(ConfigMaps).Namespace("ns");

        var e = await Assert.ThrowsAsync<KubeApiException>(() => ResourceReplacer.ReplaceAsync(client, Given("3")));

        Assert.True(e.IsConflict);
        Assert.Equal(HttpMethod.Put, handler.Requests.Single().Method);
        Assert.Contains("\"resourceVersion\":\"3\"", handler.Bodies[0]);
    }

    [Fact]
    public async Task Without_a_resource_version_it_takes_the_stored_one_and_retries_when_a_writer_comes_between()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(Stored("5")))
            .Respond(_ => Responses.Status(409, "Conflict", "the object has been modified"))
            .Respond(_ => Responses.Ok(Stored("6")))
            .Respond(_ => Responses.Ok(Stored("7")));
        var client = new DynamicClient(TestRest.Create(handler)).Resource(ConfigMaps).Namespace("ns");

        var stored = await ResourceReplacer.ReplaceAsync(client, Given());

        Assert.Equal(new[] { "GET", "PUT", "GET", "PUT" }, handler.Requests.Select(r => r.Method.Method));
        Assert.Contains("\"resourceVersion\":\"5\"", handler.Bodies[1]);
        Assert.Contains("\"resourceVersion\":\"6\"", handler.Bodies[3]);
        Assert.Equal("7", stored.ResourceVersion);
    }

    [Fact]
    public async Task An_object_without_a_name_is_refused_before_any_request()
    {
        var handler = new FakeHttpHandler();
        var client = new DynamicClient(TestRest.Create(handler)).Resource(ConfigMaps).Namespace("ns");

        await Assert.ThrowsAsync<ArgumentException>(() => ResourceReplacer.ReplaceAsync(client, new Unstructured("v1", "ConfigMap")));

        Assert.Empty(handler.Requests);
    }
}

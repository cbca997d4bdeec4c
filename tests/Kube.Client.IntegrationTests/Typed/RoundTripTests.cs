using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>
/// Get, change one field, update through the typed models: the server's object afterwards
/// differs from before in that field only. A model that dropped or mangled anything the server
/// sent would show up as a difference here.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RoundTripTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public RoundTripTests(ClusterFixture cluster) => _cluster = cluster;

    private static JsonObject TestData(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file)))!.AsObject();

    private Request On(Request request, string apiVersion, string resource, string? name = null)
    {
        request.ApiVersion(apiVersion).Namespace(_cluster.Namespace).Resource(resource);
        return name is null ? request : request.Name(name);
    }

    private async Task<JsonObject> GetRawAsync(string apiVersion, string resource, string name) =>
        JsonNode.Parse(await On(_cluster.Rest.Get(), apiVersion, resource, name).DoRawAsync())!.AsObject();

    /// <summary>The object without what every write changes (resourceVersion, managedFields) and without <paramref name="paths"/>.</summary>
    private static string Comparable(JsonObject obj, params string[] paths)
    {
        var copy = JsonNode.Parse(obj.ToJsonString())!.AsObject();
        var metadata = copy["metadata"]!.AsObject();
        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
        foreach (var path in paths)
        {
            var parts = path.Split('/');
            JsonNode? node = copy;
            for (int i = 0; i < parts.Length - 1 && node is not null; i++) node = node[parts[i]];
            node?.AsObject().Remove(parts[^1]);
        }
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    [Fact]
    public async Task Pod_get_change_update_and_update_status_keep_every_field_the_server_sent()
    {
        await _cluster.WaitForDefaultServiceAccountAsync();
        var pods = _cluster.Clientset.CoreV1().Pods(_cluster.Namespace);
        await On(_cluster.Rest.Post(), "v1", "pods").Body(TestData("rich-pod.json").ToJsonString()).DoRawAsync();
        var withStatus = await GetRawAsync("v1", "pods", "rich-pod");
        withStatus["status"] = TestData("rich-pod-status.json");
        await On(_cluster.Rest.Put(), "v1", "pods", "rich-pod").SubResource("status").Body(withStatus.ToJsonString()).DoRawAsync();
        var before = await GetRawAsync("v1", "pods", "rich-pod");
        Assert.Equal("OOMKilled", (string?)before["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]!["reason"]);

        var pod = await pods.GetAsync("rich-pod");
        pod.Metadata!.Labels!["touched"] = "by-update";
        await pods.UpdateAsync(pod);
        var afterUpdate = await GetRawAsync("v1", "pods", "rich-pod");

        Assert.Equal("by-update", (string?)afterUpdate["metadata"]!["labels"]!["touched"]);
        Assert.Equal(Comparable(before), Comparable(afterUpdate, "metadata/labels/touched"));

        pod = await pods.GetAsync("rich-pod");
        pod.Status!.Message = "set through the model";
        await pods.UpdateStatusAsync(pod);
        var afterStatus = await GetRawAsync("v1", "pods", "rich-pod");

        Assert.Equal("set through the model", (string?)afterStatus["status"]!["message"]);
        Assert.Equal(Comparable(afterUpdate), Comparable(afterStatus, "status/message"));
    }

    [Fact]
    public async Task Deployment_get_change_update_keeps_every_field_the_server_sent()
    {
        var deployments = _cluster.Clientset.AppsV1().Deployments(_cluster.Namespace);
        await On(_cluster.Rest.Post(), "apps/v1", "deployments").Body(TestData("rich-deployment.json").ToJsonString()).DoRawAsync();
        // The deployment controller annotates the revision once; after that it writes status only.
        await Eventually.UntilAsync("the revision annotation on rich-deployment", async _ =>
            (await GetRawAsync("apps/v1", "deployments", "rich-deployment"))["metadata"]!["annotations"]?["deployment.kubernetes.io/revision"] is not null);
        var before = await GetRawAsync("apps/v1", "deployments", "rich-deployment");

        await ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var deployment = await deployments.GetAsync("rich-deployment", cancellationToken: ct);
            // (A label: annotation changes bump a Deployment's generation.)
            deployment.Metadata!.Labels!["touched"] = "by-update";
            return await deployments.UpdateAsync(deployment, cancellationToken: ct);
        });
        var after = await GetRawAsync("apps/v1", "deployments", "rich-deployment");

        Assert.Equal("30%", (string?)after["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(0, (int)after["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal(Comparable(before, "status"), Comparable(after, "status", "metadata/labels/touched"));
    }

    [Fact]
    public async Task An_older_model_without_a_field_keeps_it_through_get_and_update()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var created = Objects.ConfigMap("older-model", data: new Dictionary<string, string> { ["text"] = "kept" });
        created.BinaryData = new Dictionary<string, byte[]> { ["bytes"] = new byte[] { 0, 1, 2, 255 } };
        await configMaps.CreateAsync(created);
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(KubeJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        var info = (JsonTypeInfo<ConfigMapWithoutData>)options.GetTypeInfo(typeof(ConfigMapWithoutData));

        var old = await On(_cluster.Rest.Get(), "v1", "configmaps", "older-model").DoAsync(info);
        Assert.True(old.ExtensionData!.ContainsKey("data"));
        old.Metadata!.Labels = new Dictionary<string, string> { ["written-by"] = "older-model" };
        await On(_cluster.Rest.Put(), "v1", "configmaps", "older-model").Body(old, info).DoAsync(info);

        var now = await configMaps.GetAsync("older-model");
        Assert.Equal("older-model", now.Metadata!.Labels!["written-by"]);
        Assert.Equal("kept", now.Data!["text"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, now.BinaryData!["bytes"]);
    }

    [Fact]
    public async Task Typed_model_reads_what_raw_json_wrote_and_writes_it_back_unchanged()
    {
        var configMaps = _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);
        var json = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"raw-written","annotations":{"a":"\u00e9\u4e2d\ud83d\ude00"}},"data":{"nested.json":"{\"x\": [1, 2]}","crlf":"a\r\nb"}}""";
        await On(_cluster.Rest.Post(), "v1", "configmaps").Body(json).DoRawAsync();
        var before = await GetRawAsync("v1", "configmaps", "raw-written");

        var typed = await configMaps.GetAsync("raw-written");
        Assert.Equal("a\r\nb", typed.Data!["crlf"]);
        Assert.Equal("\u00e9\u4e2d\ud83d\ude00", typed.Metadata!.Annotations!["a"]);
        await configMaps.UpdateAsync(typed);
        var after = await GetRawAsync("v1", "configmaps", "raw-written");

        Assert.Equal(Comparable(before), Comparable(after));
        Assert.Equal(Encoding.UTF8.GetByteCount("\u00e9\u4e2d\ud83d\ude00"), Encoding.UTF8.GetByteCount((string)after["metadata"]!["annotations"]!["a"]!));
    }
}

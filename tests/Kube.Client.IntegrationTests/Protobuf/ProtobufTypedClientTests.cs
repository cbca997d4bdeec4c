using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.AuthorizationV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;
using Xunit;

namespace Kube.Client.IntegrationTests.Protobuf;

/// <summary>Typed clients with RestConfig.ContentType = protobuf against the real server.</summary>
[Trait("Category", "Integration")]
[Collection(ProtobufCollection.Name)]
public sealed class ProtobufTypedClientTests
{
    private readonly ProtobufClusterFixture _cluster;

    public ProtobufTypedClientTests(ProtobufClusterFixture cluster) => _cluster = cluster;

    private string Ns => _cluster.Namespace;

    private static void AssertSameJson<T>(T expected, T actual)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)KubeJsonContext.Default.GetTypeInfo(typeof(T))!;
        string a = JsonSerializer.Serialize(expected, info), b = JsonSerializer.Serialize(actual, info);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)), $"expected {a}\nactual   {b}");
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

    [Fact]
    public async Task Create_get_and_update_of_a_deployment_go_over_protobuf_and_agree_with_json()
    {
        var deployment = JsonSerializer.Deserialize(ProtobufClusterFixture.TestData("rich-deployment.json"), KubeJsonContext.Default.AppsV1Deployment)!;
        deployment.Metadata!.Name = Unique("proto-deploy");
        var protobufClient = _cluster.ProtobufClientset.AppsV1().Deployments(Ns);
        var jsonClient = _cluster.JsonClientset.AppsV1().Deployments(Ns);

        var created = await protobufClient.CreateAsync(deployment);
        var createExchange = _cluster.Wire.Last("POST", "/deployments");
        string name = created.Metadata!.Name!;

        Assert.Equal((MediaTypes.Protobuf, MediaTypes.Protobuf, 201), (createExchange.RequestType, createExchange.ResponseType, createExchange.Status));
        AssertSameJson((await jsonClient.GetAsync(name)).Spec, created.Spec);
        Assert.Equal("web", created.Spec!.Template!.Spec!.Containers![0].Ports![0].Name);
        await AssertProtobufGetEqualsJsonGetAsync(name);

        // The deployment controller writes the object too (its revision annotation), so a get and
        // update may meet a 409: retry as any client of a controller-owned object must.
        var updated = await Kube.Client.Retry.ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var fresh = await protobufClient.GetAsync(name, cancellationToken: ct);
            fresh.Spec!.Paused = true;
            fresh.Spec.MinReadySeconds = 7;
            fresh.Metadata!.Labels!["updated"] = "protobuf";
            return await protobufClient.UpdateAsync(fresh, cancellationToken: ct);
        });
        var afterUpdate = await jsonClient.GetAsync(name);

        Assert.Equal(MediaTypes.Protobuf, _cluster.Wire.Last("PUT", "/deployments/" + name).RequestType);
        Assert.Equal(("protobuf", true, 7), (afterUpdate.Metadata!.Labels!["updated"], afterUpdate.Spec!.Paused, afterUpdate.Spec.MinReadySeconds));
        AssertSameJson(afterUpdate.Spec, updated.Spec);
        await AssertProtobufGetEqualsJsonGetAsync(name);
        await jsonClient.DeleteAsync(name);
    }

    // The deployment controller writes status between reads: compare reads of one resourceVersion.
    private async Task AssertProtobufGetEqualsJsonGetAsync(string name)
    {
        for (int attempt = 0; ; attempt++)
        {
            var fromJson = await _cluster.JsonClientset.AppsV1().Deployments(Ns).GetAsync(name);
            var fromProtobuf = await _cluster.ProtobufClientset.AppsV1().Deployments(Ns).GetAsync(name);
            Assert.Equal(MediaTypes.Protobuf, _cluster.Wire.Last("GET", "/deployments/" + name).ResponseType);
            if (fromJson.Metadata!.ResourceVersion != fromProtobuf.Metadata!.ResourceVersion && attempt < 10)
            {
                await Task.Delay(200);
                continue;
            }
            AssertSameJson(fromJson, fromProtobuf);
            return;
        }
    }

    [Fact]
    public async Task Update_status_and_the_scale_subresource_go_over_protobuf()
    {
        var pods = _cluster.ProtobufClientset.CoreV1().Pods(Ns);
        var pod = await pods.GetAsync("rich-pod");
        pod.Status!.Message = "set over protobuf";

        var updated = await pods.UpdateStatusAsync(pod);
        var asJson = await _cluster.JsonClientset.CoreV1().Pods(Ns).GetAsync("rich-pod");

        Assert.Equal(MediaTypes.Protobuf, _cluster.Wire.Last("PUT", "/pods/rich-pod/status").RequestType);
        Assert.Equal("set over protobuf", asJson.Status!.Message);
        AssertSameJson(asJson, updated);

        var deployments = _cluster.ProtobufClientset.AppsV1().Deployments(Ns);
        var scale = await deployments.GetScaleAsync("rich-deployment");
        scale.Spec!.Replicas = 0;
        var newScale = await deployments.UpdateScaleAsync("rich-deployment", scale);

        Assert.Equal((MediaTypes.Protobuf, MediaTypes.Protobuf), (_cluster.Wire.Last("PUT", "/deployments/rich-deployment/scale").RequestType, _cluster.Wire.Last("PUT", "/deployments/rich-deployment/scale").ResponseType));
        Assert.Equal(("autoscaling/v1", "Scale"), (newScale.ApiVersion, newScale.Kind));
        // ScaleSpec.replicas is a plain Go int with omitempty: JSON leaves 0 out, and protobuf reads it as null too.
        Assert.Null(newScale.Spec!.Replicas);
        Assert.Null((await _cluster.JsonClientset.AppsV1().Deployments(Ns).GetScaleAsync("rich-deployment")).Spec!.Replicas);
    }

    [Fact]
    public async Task A_watch_in_protobuf_delivers_the_same_events_as_a_watch_in_json()
    {
        string label = Unique("watch");
        var options = new ListOptions { LabelSelector = "watch=" + label };
        var start = await _cluster.JsonClientset.CoreV1().ConfigMaps(Ns).ListAsync(options);
        options.ResourceVersion = start.Metadata!.ResourceVersion;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task<List<WatchEvent<ConfigMap>>> Collect(Clientset clientset)
        {
            var events = new List<WatchEvent<ConfigMap>>();
            await foreach (var e in clientset.CoreV1().ConfigMaps(Ns).WatchAsync(options, timeout.Token))
            {
                events.Add(e);
                if (e.Type == WatchEventType.Deleted && e.Object.Metadata!.Name!.EndsWith("-2", StringComparison.Ordinal)) break;
            }
            return events;
        }

        var jsonWatch = Collect(_cluster.JsonClientset);
        var protobufWatch = Collect(_cluster.ProtobufClientset);
        var writer = _cluster.JsonClientset.CoreV1().ConfigMaps(Ns);
        for (int i = 0; i < 3; i++)
        {
            var cm = Objects.ConfigMap($"{label}-{i}", new Dictionary<string, string> { ["watch"] = label }, new Dictionary<string, string> { ["i"] = i.ToString() });
            var created = await writer.CreateAsync(cm);
            created.Data!["i"] = "changed";
            await writer.UpdateAsync(created);
            await writer.DeleteAsync(created.Metadata!.Name!);
        }
        var fromJson = await jsonWatch;
        var fromProtobuf = await protobufWatch;

        Assert.Equal(9, fromJson.Count);
        Assert.Equal(fromJson.Select(e => e.Type), fromProtobuf.Select(e => e.Type));
        for (int i = 0; i < fromJson.Count; i++) AssertSameJson(fromJson[i].Object, fromProtobuf[i].Object);
        Assert.Contains(_cluster.Wire.Exchanges, e => e.Path.EndsWith("/configmaps", StringComparison.Ordinal) && e.ResponseType == MediaTypes.Protobuf && e.Accept.StartsWith(MediaTypes.Protobuf, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_through_protobuf_keeps_fields_the_model_did_not_know()
    {
        // The model stands in for an older one that does not know ConfigMap.data: the entries are
        // only in the unknown fields read from the wire, and must reach the server again.
        var configMaps = _cluster.ProtobufClientset.CoreV1().ConfigMaps(Ns);
        var jsonConfigMaps = _cluster.JsonClientset.CoreV1().ConfigMaps(Ns);
        string name = Unique("unknown");
        await jsonConfigMaps.CreateAsync(Objects.ConfigMap(name, data: new Dictionary<string, string> { ["kept"] = "yes", ["also"] = "this" }));
        var cm = await configMaps.GetAsync(name);
        using (var writer = new ProtobufWriter())
        {
            writer.WriteStringMap(2 << 3 | 2, cm.Data!);
            cm.ProtobufUnknownFields = writer.ToArray();
        }
        cm.Data = null;
        cm.Metadata!.Labels = new Dictionary<string, string> { ["touched"] = "yes" };

        await configMaps.UpdateAsync(cm);
        var after = await jsonConfigMaps.GetAsync(name);

        Assert.Equal("yes", after.Metadata!.Labels!["touched"]);
        Assert.Equal(new Dictionary<string, string> { ["kept"] = "yes", ["also"] = "this" }, after.Data);

        // Without the unknown fields the same update drops the data: the test above can fail.
        var again = await configMaps.GetAsync(name);
        again.Data = null;
        again.ProtobufUnknownFields = null;
        await configMaps.UpdateAsync(again);
        Assert.Null((await jsonConfigMaps.GetAsync(name)).Data);
        await jsonConfigMaps.DeleteAsync(name);
    }

    [Fact]
    public async Task A_missing_object_in_protobuf_mode_is_a_KubeApiException_with_the_servers_status()
    {
        var e = await Assert.ThrowsAsync<KubeApiException>(() => _cluster.ProtobufClientset.CoreV1().ConfigMaps(Ns).GetAsync("no-such-configmap"));

        var exchange = _cluster.Wire.Last("GET", "/configmaps/no-such-configmap");
        Assert.Equal((404, MediaTypes.Protobuf), (exchange.Status, exchange.ResponseType));
        Assert.True(e.IsNotFound);
        Assert.Equal("configmaps \"no-such-configmap\" not found", e.Message);
        Assert.Equal(("no-such-configmap", "configmaps"), (e.Status.Details!.Name, e.Status.Details.Kind));
    }

    [Fact]
    public async Task An_invalid_object_in_protobuf_mode_reports_each_cause()
    {
        var bad = Objects.ConfigMap("Not_A_Valid_Name", data: new Dictionary<string, string> { ["bad key!"] = "x" });

        var e = await Assert.ThrowsAsync<KubeApiException>(() => _cluster.ProtobufClientset.CoreV1().ConfigMaps(Ns).CreateAsync(bad));

        var exchange = _cluster.Wire.Last("POST", "/configmaps");
        Assert.Equal((422, MediaTypes.Protobuf, MediaTypes.Protobuf), (exchange.Status, exchange.RequestType, exchange.ResponseType));
        Assert.True(e.IsInvalid);
        Assert.Contains(e.Causes, c => c.Field == "metadata.name" && c.Reason == "FieldValueInvalid");
        Assert.Contains(e.Causes, c => c.Field == "data[bad key!]");
    }

    [Fact]
    public async Task A_create_only_kind_is_sent_and_answered_in_protobuf()
    {
        var review = new SubjectAccessReview
        {
            Spec = new SubjectAccessReviewSpec
            {
                User = "jane",
                Groups = new List<string> { "dev" },
                Extra = new Dictionary<string, List<string>> { ["scopes"] = new() { "a", "b" }, ["empty"] = new() },
                ResourceAttributes = new ResourceAttributes { Verb = "get", Resource = "pods", Namespace = Ns },
            },
        };

        var answered = await _cluster.ProtobufClientset.AuthorizationV1().SubjectAccessReviews().CreateAsync(review);

        Assert.Equal(MediaTypes.Protobuf, _cluster.Wire.Last("POST", "/subjectaccessreviews").ResponseType);
        // The fixture's RoleBinding lets jane read pods in its namespace.
        Assert.True(answered.Status!.Allowed);
        Assert.Contains("RoleBinding", answered.Status.Reason);
        Assert.Equal(new[] { "a", "b" }, answered.Spec!.Extra!["scopes"]);
        Assert.Empty(answered.Spec.Extra["empty"]);
    }

    [Fact]
    public async Task Custom_resources_stay_on_json_while_their_definitions_use_protobuf()
    {
        var crd = await _cluster.ProtobufClientset.ApiextensionsV1().CustomResourceDefinitions().GetAsync($"gadgets.protobuf-{_cluster.Suffix}.kubeps.test");
        var gadgets = new DynamicClient(_cluster.Protobuf).Resource(new GroupVersionResource($"protobuf-{_cluster.Suffix}.kubeps.test", "v1", "gadgets")).Namespace(Ns);

        await Eventually.SucceedsAsync("the gadgets resource to be served", ct => gadgets.ListAsync(cancellationToken: ct));

        Assert.Equal(MediaTypes.Protobuf, _cluster.Wire.Last("GET", "/customresourcedefinitions/" + crd.Metadata!.Name).ResponseType);
        var list = _cluster.Wire.Last("GET", $"/namespaces/{Ns}/gadgets");
        Assert.Equal(("application/json", "application/json"), (list.Accept, list.ResponseType));
        Assert.Equal("integer", crd.Spec!.Versions![0].Schema!.OpenAPIV3Schema!.Properties!["spec"].Properties!["size"].Type);
    }
}

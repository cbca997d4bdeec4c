using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Typed;

/// <summary>Server-side apply of typed models through the generated typed clients and the generic one beneath.</summary>
public sealed class TypedApplyTests
{
    [Fact]
    public async Task Apply_sends_only_the_fields_set_on_the_model_as_an_apply_patch()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"}}"));
        var configMaps = new Clientset(TestRest.Create(handler)).CoreV1().ConfigMaps("ns");
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["k"] = "v" } };

        var applied = await configMaps.ApplyAsync(cm, new ApplyOptions("kube-ps", force: true));

        Assert.Equal("PATCH", handler.Requests[0].Method.Method);
        Assert.Equal("/api/v1/namespaces/ns/configmaps/c?fieldManager=kube-ps&force=true", handler.Requests[0].RequestUri!.PathAndQuery);
        Assert.Equal("application/apply-patch+yaml", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal("{\"apiVersion\":\"v1\",\"data\":{\"k\":\"v\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}", handler.Bodies[0]);
        Assert.Equal("c", applied.Metadata!.Name);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_or_with_managed_fields_is_refused_before_sending()
    {
        var handler = new FakeHttpHandler();
        var configMaps = new Clientset(TestRest.Create(handler)).CoreV1().ConfigMaps("ns").Generic;
        var read = new ConfigMap { Metadata = new ObjectMeta { Name = "c", ManagedFields = new List<ManagedFieldsEntry> { new() { Manager = "x" } } } };

        await Assert.ThrowsAsync<ArgumentException>(() => configMaps.ApplyAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "c" } }, new ApplyOptions()));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => configMaps.ApplyAsync(read, new ApplyOptions("kube-ps")));
        await Assert.ThrowsAsync<ArgumentException>(() => configMaps.ApplyAsync(new ConfigMap(), new ApplyOptions("kube-ps")));

        Assert.Contains("managedFields", e.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ApplyStatus_sends_the_apply_patch_to_the_status_subresource()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\",\"namespace\":\"ns\"}}"));
        var deployments = new Clientset(TestRest.Create(handler)).AppsV1().Deployments("ns");
        var status = new Kube.Client.Models.AppsV1.Deployment
        {
            Metadata = new ObjectMeta { Name = "d" },
            Status = new Kube.Client.Models.AppsV1.DeploymentStatus { ObservedGeneration = 3 },
        };

        await deployments.ApplyStatusAsync(status, new ApplyOptions("status-writer"));

        Assert.Equal("PATCH", handler.Requests[0].Method.Method);
        Assert.Equal("/apis/apps/v1/namespaces/ns/deployments/d/status?fieldManager=status-writer", handler.Requests[0].RequestUri!.PathAndQuery);
        Assert.Equal("application/apply-patch+yaml", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Contains("\"observedGeneration\":3", handler.Bodies[0]);
    }
}

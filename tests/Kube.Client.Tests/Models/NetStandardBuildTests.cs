using System.Text.Json.Nodes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

/// <summary>The same round trips on the netstandard2.0 build under the pinned System.Text.Json 8.</summary>
public sealed class NetStandardBuildTests
{
    [Fact]
    public void The_netstandard_build_runs_on_the_pinned_serializer()
    {
        var build = NetStandardBuild.Load();

        Assert.Equal(8, build.SystemTextJson.GetName().Version!.Major);
        Assert.EndsWith("netstandard2.0/Kube.Client.dll", build.Client.Location.Replace('\\', '/'));
    }

    [Fact]
    public void A_pod_with_unknown_fields_round_trips_on_the_netstandard_build()
    {
        var pod = JsonNode.Parse(TestFiles.ReadTestData("pod-1.20.json"))!;
        pod["futureTopLevel"] = new JsonObject { ["a"] = new JsonArray(1, null) };
        pod["spec"]!["containers"]![0]!["futureContainer"] = "x";
        string input = pod.ToJsonString();

        string written = NetStandardBuild.Load().RoundTrip("Kube.Client.Models.CoreV1.Pod", input);

        JsonTree.AssertEquivalent(input, written);
    }

    [Theory]
    [InlineData("Kube.Client.Models.ApiextensionsV1.JSONSchemaProps", "{\"additionalProperties\":false,\"dependencies\":{\"a\":[\"b\"],\"c\":{\"type\":\"object\"}},\"items\":[{\"type\":\"string\"}],\"x-kubernetes-int-or-string\":true}")]
    [InlineData("Kube.Client.Models.CoordinationV1.LeaseSpec", "{\"acquireTime\":\"2021-01-13T13:20:00.000000Z\",\"renewTime\":\"2021-01-13T13:20:07.123456Z\"}")]
    [InlineData("Kube.Client.Models.PolicyV1beta1.PodDisruptionBudgetStatus", "{\"disruptedPods\":{\"a\":\"2021-01-13T13:20:00Z\"}}")]
    [InlineData("Kube.Client.Models.CoreV1.Secret", "{\"apiVersion\":\"v1\",\"data\":{\"k\":\"AAH/gH8=\"},\"kind\":\"Secret\"}")]
    [InlineData("Kube.Client.Models.CoreV1.ServicePort", "{\"port\":80,\"targetPort\":\"http\"}")]
    [InlineData("Kube.Client.Models.CoreV1.ResourceRequirements", "{\"limits\":{\"cpu\":\"500m\",\"memory\":\"1.5e6\"}}")]
    [InlineData("Kube.Client.Models.AppsV1.ControllerRevision", "{\"apiVersion\":\"apps/v1\",\"data\":{\"any\":[1,{\"b\":null}]},\"kind\":\"ControllerRevision\",\"revision\":2}")]
    public void Special_types_round_trip_exactly_on_the_netstandard_build(string type, string json)
    {
        Assert.Equal(json, NetStandardBuild.Load().RoundTrip(type, json));
    }
}

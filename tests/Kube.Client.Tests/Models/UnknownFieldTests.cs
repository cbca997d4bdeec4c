using System.Text.Json;
using System.Text.Json.Nodes;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class UnknownFieldTests
{
    private static readonly string PodJson = TestFiles.ReadTestData("pod-1.20.json");

    // Fields a newer server might send that the 1.20 models do not know, at every depth.
    private static string PodWithUnknownFields()
    {
        var pod = JsonNode.Parse(PodJson)!;
        pod["futureTopLevel"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null, new JsonObject { ["deep"] = true }) };
        pod["metadata"]!["futureMetadata"] = "x";
        pod["metadata"]!["ownerReferences"]![0]!["futureOwnerField"] = 42;
        pod["spec"]!["futureSpec"] = new JsonObject { ["a"] = 1.25 };
        pod["spec"]!["containers"]![0]!["futureContainer"] = new JsonArray("x");
        pod["spec"]!["containers"]![0]!["resources"]!["futureResources"] = false;
        pod["spec"]!["containers"]![0]!["livenessProbe"]!["httpGet"]!["futureHttpGet"] = "y";
        pod["spec"]!["volumes"]![0]!["configMap"]!["futureConfigMap"] = null;
        pod["status"]!["conditions"]![1]!["futureCondition"] = "z";
        pod["status"]!["containerStatuses"]![0]!["state"]!["running"]!["futureRunning"] = 7;
        return pod.ToJsonString();
    }

    [Fact]
    public void Unknown_fields_at_every_depth_survive_a_round_trip()
    {
        string input = PodWithUnknownFields();

        string written = Json.RoundTrip<Pod>(input);

        JsonTree.AssertEquivalent(input, written);
        Assert.Contains("\"futureConfigMap\":null", written);
    }

    [Fact]
    public void Unknown_fields_survive_get_change_update()
    {
        var pod = Json.Read<Pod>(PodWithUnknownFields());

        pod.Metadata!.Labels!["tier"] = "frontend";
        pod.Spec!.Containers![0].Image = "nginx:1.20.0";
        var written = JsonNode.Parse(Json.Write(pod))!;

        Assert.Equal("frontend", (string?)written["metadata"]!["labels"]!["tier"]);
        Assert.Equal("nginx:1.20.0", (string?)written["spec"]!["containers"]![0]!["image"]);
        Assert.Equal(1.25, (double)written["spec"]!["futureSpec"]!["a"]!);
        Assert.Equal("y", (string?)written["spec"]!["containers"]![0]!["livenessProbe"]!["httpGet"]!["futureHttpGet"]);
        Assert.True((bool)written["futureTopLevel"]!["nested"]![3]!["deep"]!);
        Assert.Equal(7, (int)written["status"]!["containerStatuses"]![0]!["state"]!["running"]!["futureRunning"]!);
    }

    [Fact]
    public void Unknown_fields_are_reachable_through_extension_data()
    {
        var pod = Json.Read<Pod>(PodWithUnknownFields());

        Assert.Equal(JsonValueKind.Object, pod.ExtensionData!["futureTopLevel"].ValueKind);
        Assert.Equal("x", pod.Metadata!.ExtensionData!["futureMetadata"].GetString());
        Assert.Equal(42, pod.Metadata.OwnerReferences![0].ExtensionData!["futureOwnerField"].GetInt32());
    }
}

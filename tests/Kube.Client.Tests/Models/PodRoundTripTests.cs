using System;
using System.Linq;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class PodRoundTripTests
{
    private static readonly string PodJson = TestFiles.ReadTestData("pod-1.20.json");

    [Fact]
    public void A_pod_as_the_1_20_server_sends_it_serializes_back_to_the_same_tree()
    {
        string written = Json.RoundTrip<Pod>(PodJson);

        JsonTree.AssertEquivalent(PodJson, written);
    }

    [Fact]
    public void A_pod_round_trip_keeps_nothing_in_extension_data_because_every_field_is_modelled()
    {
        var pod = Json.Read<Pod>(PodJson);

        Assert.Null(pod.ExtensionData);
        Assert.Null(pod.Metadata!.ExtensionData);
        Assert.Null(pod.Spec!.ExtensionData);
        Assert.Null(pod.Spec.Containers![0].ExtensionData);
        Assert.Null(pod.Status!.ExtensionData);
    }

    [Fact]
    public void Pod_fields_are_read_into_typed_values()
    {
        var pod = Json.Read<Pod>(PodJson);
        var container = pod.Spec!.Containers!.Single();

        Assert.Equal(new DateTimeOffset(2021, 1, 13, 13, 20, 0, TimeSpan.Zero), pod.Metadata!.CreationTimestamp);
        Assert.Equal("500m", container.Resources!.Limits!["cpu"].ToString());
        Assert.Equal(0.5m, container.Resources.Limits["cpu"].Value);
        Assert.Equal(128m * 1024 * 1024, container.Resources.Limits["memory"].Value);
        Assert.Equal(IntOrString.FromString("http"), container.LivenessProbe!.HttpGet!.Port);
        Assert.Equal(IntOrString.FromInt(8080), container.ReadinessProbe!.TcpSocket!.Port);
        Assert.Equal(long.MaxValue, pod.Spec.ActiveDeadlineSeconds);
        Assert.Equal(300L, pod.Spec.Tolerations![0].TolerationSeconds);
        Assert.Equal("f:metadata", pod.Metadata.ManagedFields![0].FieldsV1!.Value.EnumerateObject().First().Name);
        Assert.Null(pod.Status!.Conditions![0].LastProbeTime);
        Assert.Equal(1_500_000m, pod.Spec.Overhead!["memory"].Value);
    }

    [Fact]
    public void Quantities_keep_their_original_text_even_when_not_canonical()
    {
        string written = Json.RoundTrip<Pod>(PodJson);

        Assert.Contains("\"cpu\":\"0.1\"", written);
        Assert.Contains("\"memory\":\"1.5e6\"", written);
        Assert.Contains("\"divisor\":\"1Mi\"", written);
    }

    [Fact]
    public void Int64_values_survive_without_passing_through_double()
    {
        string written = Json.RoundTrip<Pod>(PodJson);

        Assert.Contains("\"activeDeadlineSeconds\":9223372036854775807", written);
    }
}

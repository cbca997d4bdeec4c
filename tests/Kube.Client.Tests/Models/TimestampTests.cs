using System;
using System.Collections.Generic;
using System.Text.Json;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.PolicyV1beta1;
using Kube.Client.Models.Serialization;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2021-01-13T13:20:00Z", "2021-01-13T13:20:00+00:00")]
    [InlineData("2021-01-13T13:20:00.5Z", "2021-01-13T13:20:00.5000000+00:00")]
    [InlineData("2021-01-13T14:20:00+01:00", "2021-01-13T14:20:00+01:00")]
    [InlineData("2021-01-13T08:50:00-04:30", "2021-01-13T08:50:00-04:30")]
    [InlineData("2006-01-02T15:04:05.999999999+07:00", "2006-01-02T15:04:05.9999999+07:00")]
    [InlineData("2021-01-13t13:20:00z", "2021-01-13T13:20:00+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00")]
    [InlineData("2020-02-29T23:59:59Z", "2020-02-29T23:59:59+00:00")]
    public void Parses_any_rfc3339_timestamp(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected), Rfc3339.Parse(text));
    }

    [Theory]
    [InlineData("2021-01-13 13:20:00Z")]
    [InlineData("2021-01-13T13:20:00")]
    [InlineData("2021-01-13T13:20Z")]
    [InlineData("2021-13-13T13:20:00Z")]
    [InlineData("2021-02-29T13:20:00Z")]
    [InlineData("2021-01-13T24:00:00Z")]
    [InlineData("2021-01-13T13:20:00.Z")]
    [InlineData("2021-01-13T13:20:00+0100")]
    [InlineData("2021-01-13T13:20:00Z ")]
    [InlineData("13/01/2021")]
    public void Rejects_what_is_not_rfc3339(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Rfc3339.Parse(text));
    }

    [Fact]
    public void Time_is_written_in_utc_with_whole_seconds()
    {
        var meta = new ObjectMeta { CreationTimestamp = new DateTimeOffset(2021, 1, 13, 14, 20, 0, 987, TimeSpan.FromHours(1)) };

        Assert.Equal("{\"creationTimestamp\":\"2021-01-13T13:20:00Z\"}", Json.Write(meta));
    }

    [Fact]
    public void Time_round_trips_exactly()
    {
        const string json = "{\"lastTransitionTime\":\"2021-01-13T13:20:00Z\",\"status\":\"True\",\"type\":\"Ready\"}";

        Assert.Equal(json, Json.RoundTrip<PodCondition>(json));
    }

    [Fact]
    public void MicroTime_is_written_in_utc_with_six_fractional_digits()
    {
        var ev = new Kube.Client.Models.EventsV1.Event { EventTime = new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero).AddTicks(1234567) };

        string json = Json.Write(ev);

        Assert.Contains("\"eventTime\":\"2006-01-02T15:04:05.123456Z\"", json);
    }

    [Fact]
    public void MicroTime_round_trips_exactly()
    {
        const string json = "{\"acquireTime\":\"2021-01-13T13:20:00.000000Z\",\"renewTime\":\"2021-01-13T13:20:07.123456Z\"}";

        Assert.Equal(json, Json.RoundTrip<Kube.Client.Models.CoordinationV1.LeaseSpec>(json));
    }

    [Fact]
    public void A_null_timestamp_reads_as_null_and_is_not_written()
    {
        var condition = Json.Read<PodCondition>("{\"lastProbeTime\":null,\"type\":\"Ready\"}");

        Assert.Null(condition.LastProbeTime);
        Assert.Equal("{\"type\":\"Ready\"}", Json.Write(condition));
    }

    [Theory]
    [InlineData("{\"lastProbeTime\":\"yesterday\"}")]
    [InlineData("{\"lastProbeTime\":1610544000}")]
    public void A_malformed_timestamp_is_a_json_error(string json)
    {
        Assert.Throws<JsonException>(() => Json.Read<PodCondition>(json));
    }

    [Fact]
    public void A_map_of_times_round_trips()
    {
        const string json = "{\"currentHealthy\":1,\"desiredHealthy\":1,\"disruptedPods\":{\"web-1\":\"2021-01-13T13:20:00Z\",\"web-2\":\"2021-01-13T13:21:00Z\"},\"disruptionsAllowed\":0,\"expectedPods\":2}";

        var status = Json.Read<PodDisruptionBudgetStatus>(json);

        Assert.Equal(new DateTimeOffset(2021, 1, 13, 13, 21, 0, TimeSpan.Zero), status.DisruptedPods!["web-2"]);
        Assert.Equal(json, Json.Write(status));
        Assert.Equal("{\"disruptedPods\":{}}", Json.Write(new PodDisruptionBudgetStatus { DisruptedPods = new Dictionary<string, DateTimeOffset>() }));
    }
}

using System;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Record;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Record;

public class EventCorrelatorTests
{
    private readonly FakeClock _clock = new();

    private Event NewEvent(string message, string reason = "Synced", string name = "web", string type = EventTypes.Normal) => new()
    {
        Metadata = new ObjectMeta { Name = $"{name}.{Guid.NewGuid():N}", Namespace = "shop" },
        InvolvedObject = new ObjectReference { Kind = "Service", ApiVersion = "v1", Name = name, Namespace = "shop", Uid = "uid-" + name },
        Reason = reason,
        Message = message,
        Type = type,
        Count = 1,
        FirstTimestamp = _clock.UtcNow,
        LastTimestamp = _clock.UtcNow,
        Source = new EventSource { Component = "ingress-controller" },
    };

    private EventCorrelator Correlator() => new(new EventCorrelatorOptions { Clock = _clock });

    [Fact]
    public void A_first_event_is_written_as_it_is()
    {
        var e = NewEvent("Ingress created");
        var result = Correlator().Correlate(e);
        Assert.False(result.Skip);
        Assert.False(result.IsRepeat);
        Assert.Null(result.Patch);
        Assert.Equal(e.Metadata!.Name, result.Event!.Metadata!.Name);
        Assert.NotSame(e, result.Event);
    }

    [Fact]
    public void A_repeat_becomes_a_count_update_of_the_event_already_written()
    {
        var correlator = Correlator();
        var first = correlator.Correlate(NewEvent("Ingress created")).Event!;
        first.Metadata!.ResourceVersion = "501";
        correlator.UpdateState(first);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var repeat = NewEvent("Ingress created");
        var result = correlator.Correlate(repeat);

        Assert.True(result.IsRepeat);
        Assert.Equal(2, result.Event!.Count);
        Assert.Equal(first.Metadata.Name, result.Event.Metadata!.Name);
        Assert.Equal(first.FirstTimestamp, result.Event.FirstTimestamp);
        Assert.Equal("501", result.Event.Metadata.ResourceVersion);
        var patch = System.Text.Json.Nodes.JsonNode.Parse(result.Patch!)!;
        Assert.Equal(2, patch["count"]!.GetValue<int>());
        Assert.Equal(Kube.Client.Models.Serialization.Rfc3339.FormatSeconds(_clock.UtcNow), patch["lastTimestamp"]!.GetValue<string>());
        Assert.Equal("Ingress created", patch["message"]!.GetValue<string>());
        Assert.Equal(1, repeat.Count);
        Assert.Equal(3, correlator.Correlate(NewEvent("Ingress created")).Event!.Count);
    }

    [Fact]
    public void Events_about_other_objects_or_with_other_messages_are_not_repeats()
    {
        var correlator = Correlator();
        correlator.Correlate(NewEvent("Ingress created"));
        Assert.False(correlator.Correlate(NewEvent("Ingress created", name: "api")).IsRepeat);
        Assert.False(correlator.Correlate(NewEvent("Ingress updated")).IsRepeat);
        Assert.False(correlator.Correlate(NewEvent("Ingress created", type: EventTypes.Warning)).IsRepeat);
    }

    [Fact]
    public void Many_similar_events_with_different_messages_are_combined_into_one_that_counts_up()
    {
        var correlator = Correlator();
        for (int i = 1; i <= 9; i++)
        {
            var passed = correlator.Correlate(NewEvent($"failed: attempt {i}", reason: "SyncFailed")).Event!;
            Assert.Equal($"failed: attempt {i}", passed.Message);
        }
        var combined = correlator.Correlate(NewEvent("failed: attempt 10", reason: "SyncFailed"));
        Assert.Equal("(combined from similar events): failed: attempt 10", combined.Event!.Message);
        Assert.Equal(1, combined.Event.Count);
        Assert.StartsWith("web.", combined.Event.Metadata!.Name);
        Assert.Equal("shop", combined.Event.Metadata.Namespace);

        var next = correlator.Correlate(NewEvent("failed: attempt 11", reason: "SyncFailed"));
        Assert.True(next.IsRepeat);
        Assert.Equal(combined.Event.Metadata.Name, next.Event!.Metadata!.Name);
        Assert.Equal("(combined from similar events): failed: attempt 11", next.Event.Message);
        Assert.Equal(2, next.Event.Count);
    }

    [Fact]
    public void Similar_events_further_apart_than_the_interval_start_a_new_group()
    {
        var correlator = Correlator();
        for (int i = 1; i <= 9; i++) correlator.Correlate(NewEvent($"failed: attempt {i}", reason: "SyncFailed"));
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("failed: attempt 10", correlator.Correlate(NewEvent("failed: attempt 10", reason: "SyncFailed")).Event!.Message);
    }

    [Fact]
    public void A_source_that_reports_too_much_about_one_object_is_throttled_per_object()
    {
        var correlator = Correlator();
        for (int i = 0; i < 25; i++) Assert.False(correlator.Correlate(NewEvent("tick")).Skip);
        Assert.True(correlator.Correlate(NewEvent("tick")).Skip);
        Assert.False(correlator.Correlate(NewEvent("tick", name: "api")).Skip);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(correlator.Correlate(NewEvent("tick")).Skip);
        Assert.True(correlator.Correlate(NewEvent("tick")).Skip);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventCorrelator(new EventCorrelatorOptions { SpamBurst = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventCorrelator(new EventCorrelatorOptions { AggregationInterval = TimeSpan.Zero }));
    }
}

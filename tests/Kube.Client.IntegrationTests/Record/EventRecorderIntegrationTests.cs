using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Record;
using Xunit;
using Kubectl = Kube.Client.IntegrationTests.Discovery.Kubectl;

namespace Kube.Client.IntegrationTests.Record;

/// <summary>The event recorder writing to the real server, and events read back through both APIs and kubectl.</summary>
[Trait("Category", "Integration")]
public sealed class EventRecorderIntegrationTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public EventRecorderIntegrationTests(ClusterFixture cluster) => _cluster = cluster;

    private async Task<ConfigMap> SubjectAsync(string prefix) =>
        await _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace).CreateAsync(Objects.ConfigMap(ClusterFixture.UniqueName(prefix)));

    private static ObjectReference Ref(ConfigMap cm) => ObjectReferences.For(cm);

    private async Task<JsonElement[]> KubectlEventsAsync(string uid)
    {
        var result = await Kubectl.RunAsync(LocalCluster.KubeconfigPath, LocalCluster.AdminContext,
            "get", "events", "-n", _cluster.Namespace, "--field-selector", "involvedObject.uid=" + uid, "-o", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public async Task Repeated_events_become_one_event_whose_count_goes_up_as_kubectl_shows_it()
    {
        var subject = await SubjectAsync("repeat");
        await using (var broadcaster = new EventBroadcaster())
        {
            broadcaster.StartRecordingToSink(new EventSink(_cluster.Clientset));
            var recorder = broadcaster.NewRecorder("itests-recorder");
            for (int i = 0; i < 3; i++) recorder.Event(subject, EventTypes.Normal, "Synced", "ConfigMap synced successfully");
            recorder.Event(subject, EventTypes.Warning, "SyncFailed", "could not reach the backend");
        }

        var query = new EventQuery(_cluster.Clientset);
        var events = (await query.ForObjectsAsync(new[] { Ref(subject) })).Cast<Event>().ToList();
        Assert.Equal(2, events.Count);
        var synced = events.Single(e => e.Reason == "Synced");
        Assert.Equal(3, synced.Count);
        Assert.Equal(("Normal", "itests-recorder", "ConfigMap", subject.Metadata!.Name), (synced.Type, synced.Source!.Component, synced.InvolvedObject!.Kind, synced.InvolvedObject.Name));
        Assert.Equal("SyncFailed", events.Last().Reason);

        var kubectl = await KubectlEventsAsync(subject.Metadata.Uid!);
        Assert.Equal(events.Select(e => e.Metadata!.Name).OrderBy(n => n), kubectl.Select(e => e.GetProperty("metadata").GetProperty("name").GetString()).OrderBy(n => n));
        Assert.Equal(3, kubectl.Single(e => e.GetProperty("reason").GetString() == "Synced").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Many_similar_events_about_one_object_are_combined()
    {
        var subject = await SubjectAsync("similar");
        await using (var broadcaster = new EventBroadcaster())
        {
            broadcaster.StartRecordingToSink(new EventSink(_cluster.Clientset));
            var recorder = broadcaster.NewRecorder("itests-recorder");
            for (int i = 1; i <= 12; i++) recorder.Eventf(subject, EventTypes.Warning, "SyncFailed", "attempt {0} failed", i);
        }

        var events = (await new EventQuery(_cluster.Clientset).ForObjectsAsync(new[] { Ref(subject) })).Cast<Event>().ToList();
        Assert.Equal(10, events.Count);
        var combined = Assert.Single(events, e => e.Message!.StartsWith("(combined from similar events):", StringComparison.Ordinal));
        Assert.Equal(3, combined.Count);
        Assert.Equal("(combined from similar events): attempt 12 failed", combined.Message);
    }

    [Fact]
    public async Task Events_written_through_either_api_are_read_through_either_oldest_first()
    {
        var subject = await SubjectAsync("both");
        var older = DateTimeOffset.UtcNow.AddMinutes(-5);
        var newer = DateTimeOffset.UtcNow.AddMinutes(-1);
        // Written through events.k8s.io/v1: eventTime and a series, no lastTimestamp.
        await _cluster.Clientset.EventsV1().Events(_cluster.Namespace).CreateAsync(new Kube.Client.Models.EventsV1.Event
        {
            Metadata = new Kube.Client.Models.MetaV1.ObjectMeta { Name = subject.Metadata!.Name + ".new" },
            Regarding = Ref(subject),
            Reason = "Observed",
            Note = "seen through events.k8s.io",
            Type = EventTypes.Normal,
            Action = "Observe",
            EventTime = older.AddMinutes(-10),
            Series = new Kube.Client.Models.EventsV1.EventSeries { Count = 2, LastObservedTime = newer },
            ReportingController = "kubeps.test/itests",
            ReportingInstance = "itests-1",
        });
        // Written through core/v1, last seen between the two times of the other.
        await _cluster.Clientset.CoreV1().Events(_cluster.Namespace).CreateAsync(new Event
        {
            Metadata = new Kube.Client.Models.MetaV1.ObjectMeta { Name = subject.Metadata.Name + ".old" },
            InvolvedObject = Ref(subject),
            Reason = "Created",
            Message = "seen through core/v1",
            Type = EventTypes.Normal,
            FirstTimestamp = older,
            LastTimestamp = older.AddMinutes(2),
            Count = 1,
            Source = new EventSource { Component = "itests" },
        });

        var core = await new EventQuery(_cluster.Clientset, EventApi.CoreV1).ForObjectsAsync(new[] { Ref(subject) });
        var events = await new EventQuery(_cluster.Clientset, EventApi.EventsV1).ForObjectsAsync(new[] { Ref(subject) });

        Assert.Equal(new[] { ".old", ".new" }, core.Select(e => e.Metadata!.Name!.Substring(subject.Metadata.Name!.Length)));
        Assert.Equal(new[] { ".old", ".new" }, events.Select(e => e.Metadata!.Name!.Substring(subject.Metadata.Name!.Length)));
        var asCore = Assert.IsType<Event>(core[1]);
        Assert.Equal("seen through events.k8s.io", asCore.Message);
        var asEvents = Assert.IsType<Kube.Client.Models.EventsV1.Event>(events[0]);
        Assert.Equal("seen through core/v1", asEvents.Note);
        Assert.Equal(2, (await KubectlEventsAsync(subject.Metadata.Uid!)).Length);

        var namespaceWide = await new EventQuery(_cluster.Clientset).ListAsync(_cluster.Namespace);
        Assert.Contains(namespaceWide, e => e.Metadata!.Name == subject.Metadata.Name + ".new");
    }
}

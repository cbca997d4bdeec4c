using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Record;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Record;

public class EventBroadcasterTests
{
    private readonly FakeClock _clock = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private EventBroadcaster Broadcaster(int queueLength = 1000) => new(new EventBroadcasterOptions
    {
        Clock = _clock,
        QueueLength = queueLength,
        OnError = _errors.Enqueue,
    });

    private static Service Service(string name = "web", string ns = "shop") =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = "uid-" + name, ResourceVersion = "7" } };

    [Fact]
    public async Task A_recorded_event_reaches_the_sink_with_the_object_source_and_time()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("ingress-controller", "node-1");

        recorder.Eventf(Service(), EventTypes.Normal, "Synced", "Ingress {0} created", "web");

        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the event to be written");
        var e = sink.Stored.Values.Single();
        Assert.StartsWith("web.", e.Metadata!.Name);
        Assert.Equal("shop", e.Metadata.Namespace);
        Assert.Equal(("v1", "Service", "web", "shop", "uid-web", "7"),
            (e.InvolvedObject!.ApiVersion, e.InvolvedObject.Kind, e.InvolvedObject.Name, e.InvolvedObject.Namespace, e.InvolvedObject.Uid, e.InvolvedObject.ResourceVersion));
        Assert.Equal(("Normal", "Synced", "Ingress web created", 1), (e.Type, e.Reason, e.Message, e.Count));
        Assert.Equal(("ingress-controller", "node-1"), (e.Source!.Component, e.Source.Host));
        Assert.Equal("ingress-controller", e.ReportingComponent);
        Assert.Equal(Kube.Client.Models.Serialization.Rfc3339.FormatSeconds(_clock.UtcNow), Kube.Client.Models.Serialization.Rfc3339.FormatSeconds(e.LastTimestamp!.Value));
    }

    [Fact]
    public async Task Events_about_cluster_scoped_objects_go_to_the_default_namespace()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        broadcaster.StartRecordingToSink(sink);
        broadcaster.NewRecorder("node-watcher").Event(new Node { Metadata = new ObjectMeta { Name = "n1", Uid = "u" } }, EventTypes.Warning, "Pressure", "disk");
        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the event to be written");
        var e = sink.Stored.Values.Single();
        Assert.Equal("default", e.Metadata!.Namespace);
        Assert.Null(e.InvolvedObject!.Namespace);
        Assert.Equal("Node", e.InvolvedObject.Kind);
    }

    [Fact]
    public async Task A_repeated_event_patches_the_count_of_the_one_written()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("ingress-controller");

        recorder.Event(Service(), EventTypes.Normal, "Synced", "in sync");
        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the first event");
        recorder.Event(Service(), EventTypes.Normal, "Synced", "in sync");
        recorder.Event(Service(), EventTypes.Normal, "Synced", "in sync");

        await Poll.UntilAsync(() => sink.Stored.Values.Single().Count == 3, "the count to reach 3");
        Assert.Equal(3, sink.Calls.Count);
        Assert.StartsWith("create", sink.Calls.First());
        Assert.All(sink.Calls.Skip(1), c => Assert.StartsWith("patch " + sink.Stored.Keys.Single(), c));
    }

    [Fact]
    public async Task A_repeat_of_an_event_that_is_gone_is_created_again()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("ingress-controller");
        recorder.Event(Service(), EventTypes.Normal, "Synced", "in sync");
        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the first event");
        string name = sink.Stored.Keys.Single();
        sink.Forget(name);

        recorder.Event(Service(), EventTypes.Normal, "Synced", "in sync");

        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the event to be created again");
        Assert.Equal(new[] { "create", "patch", "create" }, sink.Calls.Select(c => c.Split(' ')[0]));
        Assert.Equal(2, sink.Stored[name].Count);
        Assert.EndsWith("rv=", sink.Calls.Last());
    }

    [Fact]
    public async Task A_write_that_fails_on_the_way_is_tried_again_after_a_pause()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        sink.Faults.Enqueue(() => new HttpRequestException("connection refused"));
        sink.Faults.Enqueue(() => new HttpRequestException("connection refused"));
        broadcaster.StartRecordingToSink(sink);

        broadcaster.NewRecorder("c").Event(Service(), EventTypes.Normal, "Synced", "x");

        await _clock.WaitForWaitersAsync(1);
        Assert.InRange(_clock.Deadlines.Single() - _clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        _clock.AdvanceToNextDeadline();
        await _clock.WaitForWaitersAsync(1);
        Assert.Equal(TimeSpan.FromSeconds(10), _clock.Deadlines.Single() - _clock.Elapsed);
        _clock.AdvanceToNextDeadline();
        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the third try to succeed");
        Assert.Equal(3, sink.Calls.Count);
        Assert.Equal(2, _errors.Count(e => e.Contains("will try again")));
    }

    [Fact]
    public async Task An_event_the_server_refuses_is_not_tried_again_and_is_reported()
    {
        await using var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        sink.Faults.Enqueue(() => new Kube.Client.Rest.KubeApiException(new Status { Code = 422, Reason = "Invalid", Message = "events is invalid" }));
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("c");

        recorder.Event(Service(), EventTypes.Normal, "Synced", "refused");
        recorder.Event(Service("api"), EventTypes.Normal, "Synced", "accepted");

        await Poll.UntilAsync(() => sink.Stored.Count == 1, "the second event");
        Assert.Equal(2, sink.Calls.Count);
        Assert.Contains(_errors, e => e.Contains("refused") && e.Contains("events is invalid"));
    }

    [Fact]
    public async Task Recording_never_waits_for_a_slow_sink_and_drops_what_does_not_fit_in_the_queue()
    {
        await using var broadcaster = Broadcaster(queueLength: 3);
        var sink = new FakeEventSink();
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Gate = gate.Task;
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("c");

        recorder.Event(Service("first"), EventTypes.Normal, "Synced", "x");
        await Poll.UntilAsync(() => sink.Calls.Count == 1, "the sink to hold the first write");
        for (int i = 0; i < 10; i++) recorder.Event(Service("n" + i), EventTypes.Normal, "Synced", "x");

        Assert.Equal(7, broadcaster.Dropped);
        gate.SetResult(true);
        await Poll.UntilAsync(() => sink.Stored.Count == 4, "the queued events to be written");
    }

    [Fact]
    public async Task Shutting_down_writes_what_is_queued_first()
    {
        var broadcaster = Broadcaster();
        var sink = new FakeEventSink();
        broadcaster.StartRecordingToSink(sink);
        var recorder = broadcaster.NewRecorder("c");
        for (int i = 0; i < 5; i++) recorder.Event(Service("s" + i), EventTypes.Normal, "Synced", "x");

        await broadcaster.ShutdownAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, sink.Stored.Count);
        recorder.Event(Service("late"), EventTypes.Normal, "Synced", "x");
        Assert.Throws<ObjectDisposedException>(() => broadcaster.StartLogging(_ => { }));
    }

    [Fact]
    public async Task Every_watcher_hears_every_event_in_order()
    {
        await using var broadcaster = Broadcaster();
        var seen = new ConcurrentQueue<string>();
        var lines = new ConcurrentQueue<string>();
        broadcaster.StartEventWatcher(e => seen.Enqueue(e.Message!));
        using (broadcaster.StartLogging(lines.Enqueue))
        {
            var recorder = broadcaster.NewRecorder("c");
            for (int i = 0; i < 20; i++) recorder.Event(Service(), EventTypes.Warning, "Failed", "m" + i);
            await Poll.UntilAsync(() => seen.Count == 20 && lines.Count == 20, "both watchers to hear all");
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "m" + i), seen);
        Assert.Equal("Event(Service shop/web): type: 'Warning' reason: 'Failed' m0", lines.First());
    }

    [Fact]
    public async Task Bad_input_is_refused_at_once_with_what_was_expected()
    {
        await using var broadcaster = Broadcaster();
        var recorder = broadcaster.NewRecorder("c");
        Assert.Contains("Normal or Warning", Assert.Throws<ArgumentException>(() => recorder.Event(Service(), "Info", "Synced", "x")).Message);
        Assert.Contains("reason", Assert.Throws<ArgumentException>(() => recorder.Event(Service(), EventTypes.Normal, " ", "x")).Message);
        Assert.Contains("metadata.name", Assert.Throws<ArgumentException>(() => recorder.Event(new Service(), EventTypes.Normal, "Synced", "x")).Message);
        Assert.Contains("System.String", Assert.Throws<ArgumentException>(() => recorder.Event("web", EventTypes.Normal, "Synced", "x")).Message);
        Assert.Throws<ArgumentException>(() => broadcaster.NewRecorder(""));
    }

    [Fact]
    public void References_take_kind_and_version_from_the_type_when_the_object_has_none()
    {
        var pod = new Pod { ApiVersion = null, Kind = null, Metadata = new ObjectMeta { Name = "p", Namespace = "n", Uid = "u" } };
        var reference = ObjectReferences.For(pod);
        Assert.Equal(("v1", "Pod"), (reference.ApiVersion, reference.Kind));
        var widget = Unstructured.Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"n","uid":"wu"}}""");
        Assert.Equal(("example.com/v1", "Widget", "wu"), (ObjectReferences.For(widget).ApiVersion, ObjectReferences.For(widget).Kind, ObjectReferences.For(widget).Uid));
    }
}

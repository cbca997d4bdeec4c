using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Cache;

public class InformerEventChannelTests
{
    private static SharedIndexInformer<ConfigMap> Informer(FakeApiServer server, TimeSpan resync = default) =>
        new(server, resync, null, FastRetries.Informer());

    private static string Line(ResourceChange<ConfigMap> c) =>
        $"{c.Type} {c.Object.Metadata!.Name} v={c.Object.Data?["v"]}{(c.OldObject is null ? "" : " old v=" + c.OldObject.Data?["v"])}{(c.IsInInitialList ? " initial" : "")}{(c.FinalStateUnknown ? " unknown-final-state" : "")}";

    private static async Task<List<string>> ReadAsync(InformerEventChannel<ConfigMap> events, int count)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (lines.Count < count) lines.Add(Line(await events.Reader.ReadAsync(timeout.Token)));
        return lines;
    }

    [Fact]
    public async Task Without_initial_the_first_list_is_swallowed_and_only_later_changes_come_with_the_old_object()
    {
        var server = new FakeApiServer();
        server.Create("before", "1");
        var informer = Informer(server);
        using var events = new InformerEventChannel<ConfigMap>(informer, includeInitial: false);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Poll.UntilAsync(() => events.HasSynced && server.ActiveWatches == 1, "the sync and the watch");

        server.Create("a", "1");
        server.Update("a", "2");
        server.Delete("a");
        Assert.Equal(new[] { "Added a v=1", "Modified a v=2 old v=1", "Deleted a v=2" }, await ReadAsync(events, 3));
        Assert.False(events.Reader.TryRead(out _));
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task With_initial_the_existing_objects_come_first_as_initial_adds()
    {
        var server = new FakeApiServer();
        server.Create("x", "1");
        server.Create("y", "1");
        var informer = Informer(server);
        using var events = new InformerEventChannel<ConfigMap>(informer, includeInitial: true);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        var first = await ReadAsync(events, 2);
        Assert.Equal(new[] { "Added x v=1 initial", "Added y v=1 initial" }, first.OrderBy(l => l));
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        server.Create("z", "1");
        Assert.Equal(new[] { "Added z v=1" }, await ReadAsync(events, 1));
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task Resyncs_are_not_changes()
    {
        var server = new FakeApiServer();
        server.Create("a", "1");
        var informer = Informer(server, resync: TimeSpan.FromSeconds(1));
        using var events = new InformerEventChannel<ConfigMap>(informer, includeInitial: true);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        Assert.Equal(new[] { "Added a v=1 initial" }, await ReadAsync(events, 1));
        // A resync is due after a second; a real change after that must be the next thing read.
        await Poll.UntilAsync(() => informer.Statistics.Lists >= 1 && server.ActiveWatches == 1, "the watch");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        server.Update("a", "2");
        Assert.Equal(new[] { "Modified a v=2 old v=1" }, await ReadAsync(events, 1));
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_relist_after_an_outage_reports_each_change_once_and_no_second_add()
    {
        var server = new FakeApiServer();
        server.Create("kept", "1");
        server.Create("changed", "1");
        server.Create("deleted", "1");
        var informer = Informer(server);
        using var events = new InformerEventChannel<ConfigMap>(informer, includeInitial: true);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        Assert.Equal(3, (await ReadAsync(events, 3)).Count);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");

        server.HoldWatches();
        server.CutWatches();
        await Poll.UntilAsync(() => server.HeldWatches == 1, "the watch to wait for the server");
        server.Update("changed", "2");
        server.Delete("deleted");
        server.Create("created", "1");
        server.Compact();
        server.ReleaseWatches();

        var afterOutage = await ReadAsync(events, 3);
        Assert.Equal(new[] { "Added created v=1", "Deleted deleted v=1 unknown-final-state", "Modified changed v=2 old v=1" }, afterOutage.OrderBy(l => l));
        await Poll.UntilAsync(() => informer.Statistics.Lists == 2 && server.ActiveWatches == 1, "the relist and a new watch");
        Assert.False(events.Reader.TryRead(out var extra), $"nothing else, got {(extra is null ? "" : Line(extra))}");
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task The_stream_ends_when_the_informer_stops_and_disposing_removes_the_handler()
    {
        var server = new FakeApiServer();
        var informer = Informer(server);
        var events = new InformerEventChannel<ConfigMap>(informer, includeInitial: true);
        using var cts = new CancellationTokenSource();
        var run = informer.RunAsync(cts.Token);
        await Poll.UntilAsync(() => server.ActiveWatches == 1, "the watch");
        cts.Cancel();
        await run;
        await events.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        events.Dispose();
    }
}

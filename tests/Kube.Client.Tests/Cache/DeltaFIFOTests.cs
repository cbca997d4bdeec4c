using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Xunit;
using static Kube.Client.Tests.Cache.TestObjects;

namespace Kube.Client.Tests.Cache;

public class DeltaFIFOTests
{
    private static async Task<(Deltas<ConfigMap> Deltas, bool Initial)> PopAsync(DeltaFIFO<ConfigMap> fifo, Action<Deltas<ConfigMap>>? process = null)
    {
        bool initial = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var deltas = await fifo.PopAsync((d, isInInitialList) =>
        {
            initial = isInInitialList;
            process?.Invoke(d);
        }, timeout.Token);
        return (deltas, initial);
    }

    private static string Describe(Deltas<ConfigMap> deltas) =>
        string.Join(" ", deltas.Select(d => d.Object is DeletedFinalStateUnknown<ConfigMap> t
            ? $"{d.Type}:tombstone({t.Key},v={t.Obj.Data!["v"]})"
            : $"{d.Type}:v={((ConfigMap)d.Object).Data!["v"]}"));

    [Fact]
    public async Task The_changes_of_one_object_come_out_together_oldest_first()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Add(ConfigMap("a", value: "1"));
        fifo.Update(ConfigMap("a", value: "2"));
        fifo.Delete(ConfigMap("a", value: "3"));
        var (deltas, _) = await PopAsync(fifo);
        Assert.Equal("Added:v=1 Updated:v=2 Deleted:v=3", Describe(deltas));
        Assert.Equal(0, fifo.Count);
    }

    [Fact]
    public async Task Objects_come_out_in_the_order_of_their_first_pending_change()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Add(ConfigMap("b"));
        fifo.Add(ConfigMap("a"));
        fifo.Update(ConfigMap("b", value: "2"));
        Assert.Equal(new[] { "default/b", "default/a" }, fifo.ListKeys());
        Assert.Equal("default/b", fifo.KeyOf((await PopAsync(fifo)).Deltas));
        Assert.Equal("default/a", fifo.KeyOf((await PopAsync(fifo)).Deltas));
    }

    [Fact]
    public async Task Two_deletions_in_a_row_are_one_and_the_real_one_beats_a_tombstone()
    {
        var known = new Indexer<ConfigMap>();
        known.Add(ConfigMap("a", value: "1"));
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: known);
        fifo.Delete(ConfigMap("a", value: "final"));
        fifo.Replace(Array.Empty<ConfigMap>(), "10");
        fifo.Delete(ConfigMap("a", value: "again"));
        var (deltas, _) = await PopAsync(fifo);
        Assert.Equal("Deleted:v=again", Describe(deltas));
    }

    [Fact]
    public void Deleting_an_object_nobody_knows_is_ignored()
    {
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: new Indexer<ConfigMap>());
        fifo.Delete(ConfigMap("ghost"));
        Assert.Equal(0, fifo.Count);

        var withoutKnown = new DeltaFIFO<ConfigMap>();
        withoutKnown.Delete(ConfigMap("ghost"));
        Assert.Equal(0, withoutKnown.Count);
    }

    [Fact]
    public async Task Replace_reconciles_what_the_consumer_and_the_queue_hold_but_the_list_lacks()
    {
        var known = new Indexer<ConfigMap>();
        known.Add(ConfigMap("kept", value: "1"));
        known.Add(ConfigMap("gone", value: "1"));
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: known);
        fifo.Add(ConfigMap("queued-then-gone", value: "q"));
        fifo.Update(ConfigMap("gone", value: "2"));

        fifo.Replace(new[] { ConfigMap("kept", value: "1"), ConfigMap("new", value: "n") }, "10");

        var popped = new Dictionary<string, string>();
        while (fifo.Count > 0)
        {
            var (deltas, _) = await PopAsync(fifo);
            popped[fifo.KeyOf(deltas)] = Describe(deltas);
        }
        Assert.Equal("Replaced:v=1", popped["default/kept"]);
        Assert.Equal("Replaced:v=n", popped["default/new"]);
        // The tombstone carries the newest state the queue knew, not the older one of the cache.
        Assert.Equal("Updated:v=2 Deleted:tombstone(default/gone,v=2)", popped["default/gone"]);
        Assert.Equal("Added:v=q Deleted:tombstone(default/queued-then-gone,v=q)", popped["default/queued-then-gone"]);
    }

    [Fact]
    public async Task Replace_without_known_objects_reconciles_the_queue()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Add(ConfigMap("a", value: "1"));
        fifo.Replace(new[] { ConfigMap("b") }, "10");
        var popped = new List<string>();
        while (fifo.Count > 0) popped.Add(Describe((await PopAsync(fifo)).Deltas));
        Assert.Equal(new[] { "Added:v=1 Deleted:tombstone(default/a,v=1)", "Replaced:v=0" }, popped);
    }

    [Fact]
    public async Task It_has_synced_once_everything_of_the_first_list_is_popped()
    {
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: new Indexer<ConfigMap>());
        Assert.False(fifo.HasSynced);
        fifo.Replace(new[] { ConfigMap("a"), ConfigMap("b") }, "10");
        Assert.False(fifo.HasSynced);
        fifo.Add(ConfigMap("c"));

        var first = await PopAsync(fifo);
        Assert.True(first.Initial);
        Assert.False(fifo.HasSynced);
        var second = await PopAsync(fifo);
        Assert.True(second.Initial);
        Assert.True(fifo.HasSynced);
        var third = await PopAsync(fifo);
        Assert.False(third.Initial);
    }

    [Fact]
    public void An_empty_first_list_is_synced_at_once()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Replace(Array.Empty<ConfigMap>(), "1");
        Assert.True(fifo.HasSynced);
    }

    [Fact]
    public async Task Resync_redelivers_known_objects_without_pending_changes()
    {
        var known = new Indexer<ConfigMap>();
        known.Add(ConfigMap("idle", value: "1"));
        known.Add(ConfigMap("busy", value: "1"));
        var fifo = new DeltaFIFO<ConfigMap>(knownObjects: known);
        fifo.Update(ConfigMap("busy", value: "2"));
        fifo.Resync();
        var popped = new Dictionary<string, string>();
        while (fifo.Count > 0)
        {
            var (deltas, _) = await PopAsync(fifo);
            popped[fifo.KeyOf(deltas)] = Describe(deltas);
        }
        Assert.Equal("Sync:v=1", popped["default/idle"]);
        Assert.Equal("Updated:v=2", popped["default/busy"]);
    }

    [Fact]
    public async Task Pop_waits_for_a_change()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        var pop = PopAsync(fifo);
        await Task.Delay(50);
        Assert.False(pop.IsCompleted);
        fifo.Add(ConfigMap("a"));
        Assert.Equal("Added:v=0", Describe((await pop).Deltas));
    }

    [Fact]
    public async Task Pop_is_cancellable()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        using var cts = new CancellationTokenSource();
        var pop = fifo.PopAsync((_, _) => { }, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pop);
    }

    [Fact]
    public async Task A_closed_queue_still_hands_out_what_it_holds_then_fails()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Add(ConfigMap("a"));
        fifo.Close();
        Assert.True(fifo.IsClosed);
        await PopAsync(fifo);
        await Assert.ThrowsAsync<FifoClosedException>(() => PopAsync(fifo));

        var waiting = new DeltaFIFO<ConfigMap>();
        var pop = PopAsync(waiting);
        waiting.Close();
        await Assert.ThrowsAsync<FifoClosedException>(() => pop);
    }

    [Fact]
    public async Task A_process_callback_that_throws_drops_the_changes_and_the_error_surfaces()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        fifo.Add(ConfigMap("a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => PopAsync(fifo, _ => throw new InvalidOperationException("handler failed")));
        Assert.Equal(0, fifo.Count);
    }

    [Fact]
    public void Keys_of_tombstones_and_deltas_are_the_objects_keys()
    {
        var fifo = new DeltaFIFO<ConfigMap>();
        Assert.Equal("ns/x", fifo.KeyOf(new DeletedFinalStateUnknown<ConfigMap>("ns/x", ConfigMap("x", "ns"))));
        fifo.Add(ConfigMap("a"));
        Assert.Equal("default/a", fifo.KeyOf(fifo.GetByKey("default/a")!));
        Assert.Null(fifo.GetByKey("default/b"));
    }
}

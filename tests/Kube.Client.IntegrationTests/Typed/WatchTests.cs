using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>Watches through the typed client: event order, bookmarks, expiry and cancellation.</summary>
[Trait("Category", "Integration")]
public sealed class WatchTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public WatchTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    /// <summary>Collects events until <paramref name="count"/> arrived (or the generous timeout ends the test).</summary>
    private async Task<List<WatchEvent<ConfigMap>>> TakeAsync(IAsyncEnumerable<WatchEvent<ConfigMap>> watch, int count)
    {
        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in watch)
        {
            events.Add(e);
            if (events.Count == count) break;
        }
        return events;
    }

    [Fact]
    public async Task Watch_from_a_lists_resource_version_sees_later_changes_in_order()
    {
        await ConfigMaps.CreateAsync(Objects.ConfigMap("before-list", Objects.Labels(("watch", "order"))));
        var list = await ConfigMaps.ListAsync(new ListOptions { LabelSelector = "watch=order" });
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var watch = ConfigMaps.WatchAsync(new ListOptions { LabelSelector = "watch=order", ResourceVersion = list.Metadata!.ResourceVersion }, timeout.Token);

        // The watch starts from the list's resourceVersion: changes made before the watch
        // connects are still delivered, and the object listed before is not.
        var labels = Objects.Labels(("watch", "order"));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("watched", labels, new Dictionary<string, string> { ["step"] = "created" }));
        var current = await ConfigMaps.GetAsync("watched");
        current.Data!["step"] = "updated";
        await ConfigMaps.UpdateAsync(current);
        await ConfigMaps.PatchAsync("watched", PatchType.Merge, """{"data": {"step": "patched"}}""");
        await ConfigMaps.DeleteAsync("watched");
        var events = await TakeAsync(watch, 4);

        Assert.Equal(
            new[] { (WatchEventType.Added, "created"), (WatchEventType.Modified, "updated"), (WatchEventType.Modified, "patched"), (WatchEventType.Deleted, "patched") },
            events.Select(e => (e.Type, e.Object.Data!["step"])));
        Assert.All(events, e => Assert.Equal("watched", e.Object.Metadata!.Name));
        var versions = events.Select(e => long.Parse(e.Object.Metadata!.ResourceVersion!)).ToList();
        Assert.Equal(versions.OrderBy(v => v), versions);
    }

    [Fact]
    public async Task Watch_with_a_field_selector_sees_only_the_named_object()
    {
        var list = await ConfigMaps.ListAsync();
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var watch = ConfigMaps.WatchAsync(new ListOptions { FieldSelector = "metadata.name=field-target", ResourceVersion = list.Metadata!.ResourceVersion }, timeout.Token);

        await ConfigMaps.CreateAsync(Objects.ConfigMap("field-other"));
        await ConfigMaps.CreateAsync(Objects.ConfigMap("field-target"));
        await ConfigMaps.DeleteAsync("field-target");
        var events = await TakeAsync(watch, 2);

        Assert.Equal(new[] { (WatchEventType.Added, "field-target"), (WatchEventType.Deleted, "field-target") },
            events.Select(e => (e.Type, e.Object.Metadata!.Name!)));
    }

    /// <summary>
    /// kube-apiserver 1.20 sends a bookmark two seconds before a watch's timeout, carrying the
    /// newest resourceVersion it has processed, provided that moved past where the watch started.
    /// </summary>
    [Fact]
    public async Task Bookmark_carries_progress_made_by_changes_the_watch_does_not_match()
    {
        var start = await ConfigMaps.CreateAsync(Objects.ConfigMap("bookmark-start"));
        var watch = ConfigMaps.WatchAsync(new ListOptions
        {
            LabelSelector = "matches=nothing",
            ResourceVersion = start.Metadata!.ResourceVersion,
            AllowWatchBookmarks = true,
            // The bookmark is due two seconds before the timeout, on the watch cache's one-second
            // tick; a few ticks of room keep a loaded server from missing it.
            TimeoutSeconds = 12,
        });
        var marker = await ConfigMaps.CreateAsync(Objects.ConfigMap("bookmark-marker"));

        var events = new List<WatchEvent<ConfigMap>>();
        using var limit = new CancellationTokenSource(Eventually.DefaultTimeout);
        var reading = Task.Run(async () =>
        {
            // The stream ends by itself when the server's timeout is reached.
            await foreach (var e in watch.WithCancellation(limit.Token)) events.Add(e);
        });
        // A watch that starts after the marker gets it among its initial events, and the server then
        // sends only bookmarks newer than it; the bookmark's version is the newest change the watch
        // cache has seen. So changes keep coming while the watch is open, as on any busy cluster.
        for (int poke = 0; !reading.IsCompleted && poke < 5; poke++)
        {
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(2)));
            if (!reading.IsCompleted) await ConfigMaps.PatchAsync("bookmark-marker", PatchType.Merge, "{\"data\":{\"poke\":\"" + poke + "\"}}");
        }
        await reading;

        // The server may repeat the bookmark; every event is one, and none is an object.
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(WatchEventType.Bookmark, e.Type));
        Assert.All(events, e => Assert.Null(e.Object.Metadata!.Name));
        var bookmarkVersion = events[^1].Object.Metadata!.ResourceVersion!;
        Assert.True(long.Parse(bookmarkVersion) >= long.Parse(marker.Metadata!.ResourceVersion!),
            $"bookmark at {bookmarkVersion}, marker created at {marker.Metadata.ResourceVersion}");
    }

    [Fact]
    public async Task Watch_without_bookmarks_allowed_gets_none()
    {
        var start = await ConfigMaps.CreateAsync(Objects.ConfigMap("no-bookmark-start"));
        var watch = ConfigMaps.WatchAsync(new ListOptions
        {
            LabelSelector = "matches=nothing",
            ResourceVersion = start.Metadata!.ResourceVersion,
            TimeoutSeconds = 4,
        });
        await ConfigMaps.CreateAsync(Objects.ConfigMap("no-bookmark-marker"));

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in watch) events.Add(e);

        Assert.Empty(events);
    }

    /// <summary>
    /// The watch cache keeps a window of recent events; a resourceVersion before it (here "1",
    /// long compacted) cannot be resumed from. The server says so with an ERROR event carrying
    /// 410 Expired, which ends the stream as a KubeApiException.
    /// </summary>
    [Fact]
    public async Task Watch_from_a_too_old_resource_version_fails_with_410_expired()
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var watch = ConfigMaps.WatchAsync(new ListOptions { ResourceVersion = "1" }, timeout.Token);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => TakeAsync(watch, 1));

        Assert.True(error.IsResourceExpired);
        Assert.True(error.IsGone);
        Assert.Equal(410, error.StatusCode);
        Assert.Equal("Expired", error.Reason);
        Assert.Contains("too old resource version", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_a_quiet_watch()
    {
        var list = await ConfigMaps.ListAsync();
        using var cancel = new CancellationTokenSource();
        var watch = ConfigMaps.WatchAsync(new ListOptions { LabelSelector = "matches=nothing", ResourceVersion = list.Metadata!.ResourceVersion }, cancel.Token);
        var reading = TakeAsync(watch, 1);

        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }
}

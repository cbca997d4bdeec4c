using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Kube.Client.Models.CoreV1;
using Kube.Client.Operations;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Operations;

public class EventQueryTests
{
    // One written through core/v1 (lastTimestamp), one through events.k8s.io (eventTime only), one repeated in a series.
    private const string CoreEvents = """
        {"kind":"EventList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[
          {"metadata":{"name":"late","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"a","uid":"u-a"},"reason":"Pulled","lastTimestamp":"2024-01-01T10:05:00Z","firstTimestamp":"2024-01-01T09:00:00Z"},
          {"metadata":{"name":"new-api","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"b","uid":"u-b"},"reason":"Scheduled","eventTime":"2024-01-01T10:01:00.000000Z"},
          {"metadata":{"name":"series","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"a","uid":"u-a"},"reason":"BackOff","eventTime":"2024-01-01T08:00:00.000000Z","series":{"count":4,"lastObservedTime":"2024-01-01T10:03:00.000000Z"}}
        ]}
        """;

    [Fact]
    public async Task Events_come_oldest_first_by_the_time_last_seen_whichever_api_wrote_them()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(CoreEvents));

        var events = await new EventQuery(new Clientset(TestRest.Create(handler))).ListAsync("shop");

        Assert.Equal(new[] { "new-api", "series", "late" }, events.Select(e => e.Metadata!.Name));
        Assert.All(events, e => Assert.IsType<Event>(e));
        Assert.Equal("/api/v1/namespaces/shop/events", handler.Requests[0].RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Events_of_all_namespaces_are_read_without_a_namespace()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(CoreEvents));
        await new EventQuery(new Clientset(TestRest.Create(handler))).ListAsync(null, fieldSelector: "type=Warning");
        Assert.Equal("/api/v1/events", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.Contains("fieldSelector=type%3DWarning", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public async Task A_few_objects_are_asked_for_by_uid_each()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(CoreEvents.Replace("\"items\":[", "\"items\":[").Replace("\"uid\":\"u-b\"", "\"uid\":\"u-a\"")));
        handler.Respond(_ => Responses.Ok("""{"kind":"EventList","apiVersion":"v1","metadata":{},"items":[]}"""));
        var query = new EventQuery(new Clientset(TestRest.Create(handler)));

        var events = await query.ForObjectsAsync(new[]
        {
            new ObjectReference { Kind = "Pod", Name = "a", Namespace = "shop", Uid = "u-a" },
            new ObjectReference { Kind = "Node", Name = "n1", Uid = "u-n" },
        });

        Assert.Equal(3, events.Count);
        Assert.Equal("/api/v1/namespaces/shop/events", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.Contains("fieldSelector=involvedObject.uid%3Du-a", handler.Requests[0].RequestUri!.Query);
        // A cluster-scoped object's events may be in any namespace.
        Assert.Equal("/api/v1/events", handler.Requests[1].RequestUri!.AbsolutePath);
        Assert.Contains("involvedObject.uid%3Du-n", handler.Requests[1].RequestUri!.Query);
    }

    [Fact]
    public async Task Many_objects_of_one_namespace_are_matched_in_one_list()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok(CoreEvents));
        var query = new EventQuery(new Clientset(TestRest.Create(handler))) { UidSelectorLimit = 1 };

        var events = await query.ForObjectsAsync(new[]
        {
            new ObjectReference { Kind = "Pod", Name = "a", Namespace = "shop", Uid = "u-a" },
            new ObjectReference { Kind = "Pod", Name = "z", Namespace = "shop", Uid = "u-z" },
        });

        Assert.Single(handler.Requests);
        Assert.Equal(new[] { "series", "late" }, events.Select(e => e.Metadata!.Name));
    }

    [Fact]
    public async Task The_events_api_is_asked_with_its_own_field_names()
    {
        var handler = new FakeHttpHandler();
        handler.Respond(_ => Responses.Ok("""
            {"kind":"EventList","apiVersion":"events.k8s.io/v1","metadata":{},"items":[
              {"metadata":{"name":"e1","namespace":"shop"},"regarding":{"kind":"Pod","name":"a","uid":"u-a"},"reason":"Pulled","note":"pulled","deprecatedLastTimestamp":"2024-01-01T10:05:00Z"}]}
            """));
        var query = new EventQuery(new Clientset(TestRest.Create(handler)), EventApi.EventsV1);

        var events = await query.ForObjectsAsync(new[] { new ObjectReference { Kind = "Pod", Name = "a", Namespace = "shop", Uid = "u-a" } });

        var e = Assert.IsType<Kube.Client.Models.EventsV1.Event>(Assert.Single(events));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 5, 0, TimeSpan.Zero), EventTimes.LastSeen(e));
        Assert.Equal("/apis/events.k8s.io/v1/namespaces/shop/events", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.Contains("regarding.uid%3Du-a", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public async Task An_object_never_read_from_the_server_has_no_uid_to_match()
    {
        var query = new EventQuery(new Clientset(TestRest.Create(new FakeHttpHandler())));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => query.ForObjectsAsync(new[] { new ObjectReference { Kind = "Pod", Name = "a", Namespace = "shop" } }));
        Assert.Contains("no metadata.uid", error.Message);
    }

    [Fact]
    public void The_time_last_seen_prefers_the_series_then_the_last_timestamp_then_the_event_time()
    {
        var t1 = new DateTimeOffset(2024, 1, 1, 0, 0, 1, TimeSpan.Zero);
        var t2 = t1.AddMinutes(1);
        var t3 = t1.AddMinutes(2);
        Assert.Equal(t3, EventTimes.LastSeen(new Event { Series = new EventSeries { LastObservedTime = t3 }, LastTimestamp = t2, EventTime = t1 }));
        Assert.Equal(t2, EventTimes.LastSeen(new Event { LastTimestamp = t2, EventTime = t1 }));
        Assert.Equal(t1, EventTimes.LastSeen(new Event { EventTime = t1 }));
        Assert.Null(EventTimes.LastSeen(new Event()));
        Assert.Null(EventTimes.LastSeen((object)"not an event"));
    }
}

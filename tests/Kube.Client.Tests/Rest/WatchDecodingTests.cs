using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class WatchDecodingTests
{
    private static string Frames(params string[] events) => string.Join("\n", events) + "\n";

    private static async Task<List<WatchEvent<Thing>>> Watch(Stream body)
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(body)));
        var events = new List<WatchEvent<Thing>>();
        await foreach (var e in rest.Get().AbsPath("/api/v1/things").WatchAsync(TestJsonContext.Default.Thing))
            events.Add(e);
        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Events_are_decoded_whatever_the_read_sizes(int chunk)
    {
        var json = Frames(
            "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Thing\",\"name\":\"a\",\"rv\":\"1\",\"data\":\"{braces} and \\\"quotes\\\" \\n\"}}",
            "{\"type\":\"MODIFIED\",\"object\":{\"name\":\"a\",\"rv\":\"2\"}}",
            "{\"type\":\"BOOKMARK\",\"object\":{\"rv\":\"9\"}}",
            "{\"type\":\"DELETED\",\"object\":{\"name\":\"a\",\"rv\":\"3\"}}");
        var events = await Watch(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), chunk));
        Assert.Equal(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted }, events.ConvertAll(e => e.Type));
        Assert.Equal("{braces} and \"quotes\" \n", events[0].Object.Data);
        Assert.Equal("9", events[2].Object.ResourceVersion);
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer_is_read_whole()
    {
        string big = new string('x', 300_000);
        var json = Frames("{\"type\":\"ADDED\",\"object\":{\"name\":\"big\",\"data\":\"" + big + "\"}}", "{\"type\":\"ADDED\",\"object\":{\"name\":\"small\"}}");
        var events = await Watch(ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 1000));
        Assert.Equal(big, events[0].Object.Data);
        Assert.Equal("small", events[1].Object.Name);
    }

    [Fact]
    public async Task Frames_without_newlines_between_them_are_split_correctly()
    {
        var json = "{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}{\"type\":\"ADDED\",\"object\":{\"name\":\"b\"}}";
        var events = await Watch(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(new[] { "a", "b" }, events.ConvertAll(e => e.Object.Name!));
    }

    [Fact]
    public async Task An_ERROR_event_ends_the_stream_with_the_Status_as_an_exception()
    {
        var json = Frames(
            "{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}",
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too old resource version: 5 (10)\",\"reason\":\"Expired\",\"code\":410}}");
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes(json)))));
        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var ev in rest.Get().AbsPath("/api/v1/things").WatchAsync(TestJsonContext.Default.Thing))
                seen.Add(ev.Object.Name!);
        });
        Assert.Equal(new[] { "a" }, seen);
        Assert.True(e.IsGone);
        Assert.True(e.IsResourceExpired);
        Assert.Equal(410, e.StatusCode);
    }

    [Fact]
    public async Task A_stream_cut_inside_an_event_is_a_connection_error_not_a_clean_end()
    {
        var json = "{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}\n{\"type\":\"ADDED\",\"obj";
        var cut = ChunkedStream.Split(Encoding.UTF8.GetBytes(json), 10, endWith: new IOException("The response ended prematurely."));
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(cut)));
        var seen = new List<string>();
        var e = await Assert.ThrowsAsync<KubeConnectionException>(async () =>
        {
            await foreach (var ev in rest.Get().AbsPath("/api/v1/things").WatchAsync(TestJsonContext.Default.Thing))
                seen.Add(ev.Object.Name!);
        });
        Assert.Equal(new[] { "a" }, seen);
        Assert.Contains("was cut", e.Message);
    }

    [Fact]
    public async Task A_clean_end_inside_an_event_is_reported()
    {
        var json = "{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}\n{\"type\":\"ADDED\"";
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes(json)))));
        await Assert.ThrowsAsync<KubeConnectionException>(async () =>
        {
            await foreach (var _ in rest.Get().AbsPath("/x").WatchAsync(TestJsonContext.Default.Thing)) { }
        });
    }

    [Fact]
    public async Task Watch_adds_the_watch_parameter_and_no_timeout()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream()));
        var rest = TestRest.Create(handler);
        await foreach (var _ in rest.Get().AbsPath("/api/v1/pods").Param("resourceVersion", "5").WatchAsync(TestJsonContext.Default.Thing)) { }
        Assert.Equal("?resourceVersion=5&watch=true", handler.Requests[0].RequestUri!.Query);
    }

    [Fact]
    public async Task An_unknown_event_type_is_an_error()
    {
        var json = "{\"type\":\"EXPLODED\",\"object\":{}}";
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes(json)))));
        var e = await Assert.ThrowsAsync<System.Text.Json.JsonException>(async () =>
        {
            await foreach (var _ in rest.Get().AbsPath("/x").WatchAsync(TestJsonContext.Default.Thing)) { }
        });
        Assert.Contains("EXPLODED", e.Message);
    }
}

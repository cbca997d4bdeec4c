using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

/// <summary>The decoder-delegate forms of DoAsync and WatchAsync share errors and retries with the typed ones.</summary>
public sealed class RequestDecoderTests
{
    [Fact]
    public async Task DoAsync_hands_the_body_stream_to_the_decoder()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{\"a\":1}")));

        string body = await rest.Get().AbsPath("/x").DoAsync(async (stream, ct) =>
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        });

        Assert.Equal("{\"a\":1}", body);
    }

    [Fact]
    public async Task A_decoder_is_not_called_for_an_error_response()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Status(403, "Forbidden", "no")));
        bool called = false;

        var e = await Assert.ThrowsAsync<Kube.Client.Rest.KubeApiException>(() => rest.Get().AbsPath("/x").DoAsync((_, _) =>
        {
            called = true;
            return new ValueTask<int>(1);
        }));

        Assert.True(e.IsForbidden);
        Assert.False(called);
    }

    [Fact]
    public async Task A_JsonException_from_the_decoder_names_the_request()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{}")));

        var e = await Assert.ThrowsAsync<JsonException>(() => rest.Get().AbsPath("/x").DoAsync<int>((_, _) => throw new JsonException("bad shape")));

        Assert.Equal("Could not decode the response of GET /x as Int32: bad shape", e.Message);
    }

    [Fact]
    public async Task Retries_happen_before_the_decoder_sees_a_body()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Status(500, "InternalError", "x")).Respond(_ => Responses.Ok("ok"));
        var rest = TestRest.Create(handler);
        int calls = 0;

        await rest.Get().AbsPath("/x").DoAsync((_, _) => new ValueTask<int>(++calls));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task WatchAsync_hands_each_object_to_the_decoder()
    {
        string frames = "{\"type\":\"ADDED\",\"object\":{\"n\":1}}\n{\"type\":\"DELETED\",\"object\":{\"n\":2}}\n";
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(ChunkedStream.Split(Encoding.UTF8.GetBytes(frames), 3))));
        var seen = new List<string>();

        await foreach (var ev in rest.Get().AbsPath("/w").WatchAsync(json => Encoding.UTF8.GetString(json.ToArray())))
            seen.Add(ev.Type + " " + ev.Object);

        Assert.Equal(new[] { "Added {\"n\":1}", "Deleted {\"n\":2}" }, seen);
    }

    [Fact]
    public async Task A_decoder_that_returns_null_is_a_decode_error()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream(Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":{}}")))));

        var e = await Assert.ThrowsAsync<JsonException>(async () =>
        {
            await foreach (var _ in rest.Get().AbsPath("/w").WatchAsync<string>(_ => null)) { }
        });

        Assert.Contains("null object", e.Message);
    }
}

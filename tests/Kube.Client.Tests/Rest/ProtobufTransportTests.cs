using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Fakes;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Rest;

public sealed class ProtobufTransportTests
{
    private static ConfigMap Sample(string name = "settings") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "ns", ResourceVersion = "7" },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    private static byte[] Encoded(ConfigMap cm) => KubeProtobufContext.CoreV1ConfigMap.Encode(cm);

    private static HttpResponseMessage ProtobufStatus(int code, string reason, string message, params StatusCause[] causes)
    {
        var status = new Status
        {
            StatusValue = "Failure",
            Message = message,
            Reason = reason,
            Code = code,
            Details = causes.Length == 0 ? null : new StatusDetails { Name = "bad", Kind = "configmaps", Causes = causes.ToList() },
        };
        return Responses.Protobuf((HttpStatusCode)code, KubeProtobufContext.MetaV1Status.Encode(status));
    }

    [Fact]
    public async Task By_default_typed_requests_speak_json()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(Json.Write(Sample())));
        var rest = TestRest.Create(handler);

        await new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("settings");

        Assert.Equal("application/json", handler.Requests[0].Headers.Accept.ToString());
    }

    [Fact]
    public async Task A_protobuf_client_asks_for_protobuf_or_json_and_decodes_protobuf()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, Encoded(Sample())));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var cm = await new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("settings");

        Assert.Equal(new[] { MediaTypes.Protobuf, MediaTypes.Json }, handler.Requests[0].Headers.Accept.Select(a => a.MediaType));
        Assert.Equal(("v1", "ConfigMap", "v"), (cm.ApiVersion, cm.Kind, cm.Data!["k"]));
    }

    [Fact]
    public async Task A_protobuf_client_reads_a_json_answer_from_a_server_that_chose_json()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Ok(Json.Write(Sample())));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var cm = await new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("settings");

        Assert.Equal("v", cm.Data!["k"]);
    }

    [Fact]
    public async Task Create_sends_a_protobuf_body_that_decodes_to_the_object()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.Created, Encoded(Sample())));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        await new Clientset(rest).CoreV1().ConfigMaps("ns").CreateAsync(Sample());

        Assert.Equal(MediaTypes.Protobuf, handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        var sent = KubeProtobufContext.CoreV1ConfigMap.Decode(handler.BodyBytes[0]);
        ModelJson.AssertSame(Sample(), sent);
    }

    [Fact]
    public async Task A_patch_keeps_its_json_body_but_takes_a_protobuf_answer()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, Encoded(Sample())));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var cm = await new Clientset(rest).CoreV1().ConfigMaps("ns").PatchAsync("settings", PatchType.Merge, "{\"data\":{\"k\":\"v\"}}");

        Assert.Equal("application/merge-patch+json", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
        Assert.Equal("{\"data\":{\"k\":\"v\"}}", handler.Bodies[0]);
        Assert.Equal("v", cm.Data!["k"]);
    }

    [Fact]
    public async Task One_request_may_choose_another_wire_form_than_its_client()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Ok(Json.Write(Sample())))
            .Respond(_ => Responses.Protobuf(HttpStatusCode.OK, Encoded(Sample())));
        var protobufClient = TestRest.Create(handler, contentType: MediaTypes.Protobuf);
        var jsonClient = TestRest.Create(handler);

        await protobufClient.Get().ApiVersion("v1").Namespace("ns").Resource("configmaps").Name("a")
            .PreferContentType(MediaTypes.Json)
            .DoAsync(KubeJsonContext.Default.CoreV1ConfigMap, KubeProtobufContext.CoreV1ConfigMap);
        await jsonClient.Get().ApiVersion("v1").Namespace("ns").Resource("configmaps").Name("a")
            .PreferContentType(MediaTypes.Protobuf)
            .DoAsync(KubeJsonContext.Default.CoreV1ConfigMap, KubeProtobufContext.CoreV1ConfigMap);

        Assert.Equal("application/json", handler.Requests[0].Headers.Accept.ToString());
        Assert.StartsWith(MediaTypes.Protobuf, handler.Requests[1].Headers.Accept.ToString());
    }

    [Fact]
    public void An_unknown_content_type_in_the_config_is_refused_naming_the_setting()
    {
        var config = new Kube.Client.Config.RestConfig { Host = new Uri("https://kube.test"), ContentType = "application/yaml" };

        var e = Assert.Throws<ArgumentException>(() => new RestClient(config, new FakeHttpHandler()));

        Assert.Contains("ContentType is \"application/yaml\"", e.Message);
        Assert.Contains(MediaTypes.Protobuf, e.Message);
    }

    [Fact]
    public async Task A_protobuf_not_found_status_becomes_a_KubeApiException()
    {
        var handler = new FakeHttpHandler().Respond(_ => ProtobufStatus(404, "NotFound", "configmaps \"x\" not found"));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("x"));

        Assert.True(e.IsNotFound);
        Assert.Equal("configmaps \"x\" not found", e.Message);
    }

    [Fact]
    public async Task A_protobuf_invalid_status_carries_its_causes()
    {
        var cause = new StatusCause { Field = "metadata.name", Message = "a lowercase RFC 1123 subdomain", Reason = "FieldValueInvalid" };
        var handler = new FakeHttpHandler().Respond(_ => ProtobufStatus(422, "Invalid", "ConfigMap \"Bad\" is invalid", cause));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => new Clientset(rest).CoreV1().ConfigMaps("ns").CreateAsync(Sample("Bad")));

        Assert.True(e.IsInvalid);
        var only = Assert.Single(e.Causes);
        Assert.Equal(("metadata.name", "FieldValueInvalid"), (only.Field, only.Reason));
    }

    [Fact]
    public async Task A_protobuf_error_body_that_is_no_status_is_described_not_dumped()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.InternalServerError, "k8s\0\u0001garbage"u8.ToArray()));
        var rest = TestRest.Create(handler, maxRetries: 0, contentType: MediaTypes.Protobuf);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("x"));

        Assert.Equal(500, e.StatusCode);
        Assert.Contains("a protobuf body of 12 bytes that is not a Status", e.Message);
    }

    [Fact]
    public async Task A_malformed_protobuf_answer_is_reported_with_the_request()
    {
        byte[] truncated = Encoded(Sample())[..20];
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, truncated));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var e = await Assert.ThrowsAsync<ProtobufException>(() => new Clientset(rest).CoreV1().ConfigMaps("ns").GetAsync("settings"));

        Assert.Contains("GET /api/v1/namespaces/ns/configmaps/settings", e.Message);
    }

    private static byte[] WatchFrame(string type, byte[] objectEnvelope)
    {
        using var writer = new ProtobufWriter();
        writer.WriteString(1 << 3 | 2, type);
        int mark = writer.BeginMessage(2 << 3 | 2);
        writer.WriteBytes(1 << 3 | 2, objectEnvelope);
        writer.EndMessage(mark);
        byte[] frame = new byte[4 + writer.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)writer.Length);
        writer.WrittenSpan.CopyTo(frame.AsSpan(4));
        return frame;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task A_protobuf_watch_reads_length_prefixed_frames_however_they_are_split(int chunk)
    {
        var big = Sample("big");
        big.Data!["blob"] = new string('x', 100_000);
        byte[] stream = WatchFrame("ADDED", Encoded(Sample("a")))
            .Concat(WatchFrame("MODIFIED", Encoded(big)))
            .Concat(WatchFrame("BOOKMARK", Encoded(new ConfigMap { Metadata = new ObjectMeta { ResourceVersion = "99" } })))
            .Concat(WatchFrame("DELETED", Encoded(Sample("a"))))
            .ToArray();
        var handler = new FakeHttpHandler().Respond(_ =>
        {
            var response = Responses.Stream(ChunkedStream.Split(stream, chunk));
            response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf;stream=watch");
            return response;
        });
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in new Clientset(rest).CoreV1().ConfigMaps("ns").WatchAsync()) events.Add(e);

        Assert.Equal(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted }, events.Select(e => e.Type));
        Assert.Equal(100_000, events[1].Object.Data!["blob"].Length);
        Assert.Equal("99", events[2].Object.Metadata!.ResourceVersion);
        Assert.Contains("watch=true", handler.Requests[0].RequestUri!.Query);
        Assert.StartsWith(MediaTypes.Protobuf, handler.Requests[0].Headers.Accept.ToString());
    }

    [Fact]
    public async Task A_protobuf_watch_error_event_ends_the_stream_with_its_status()
    {
        var gone = new Status { StatusValue = "Failure", Code = 410, Reason = "Expired", Message = "too old resource version: 1 (5)" };
        byte[] stream = WatchFrame("ADDED", Encoded(Sample("a"))).Concat(WatchFrame("ERROR", KubeProtobufContext.MetaV1Status.Encode(gone))).ToArray();
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, stream, "application/vnd.kubernetes.protobuf;stream=watch"));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);
        var seen = new List<WatchEventType>();

        var e = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var ev in new Clientset(rest).CoreV1().ConfigMaps("ns").WatchAsync()) seen.Add(ev.Type);
        });

        Assert.Equal(new[] { WatchEventType.Added }, seen);
        Assert.True(e.IsResourceExpired);
    }

    [Fact]
    public async Task A_watch_cut_inside_a_frame_is_a_connection_error()
    {
        byte[] stream = WatchFrame("ADDED", Encoded(Sample("a")));
        var handler = new FakeHttpHandler().Respond(_ => Responses.Protobuf(HttpStatusCode.OK, stream[..^3], "application/vnd.kubernetes.protobuf;stream=watch"));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var e = await Assert.ThrowsAsync<KubeConnectionException>(async () =>
        {
            await foreach (var _ in new Clientset(rest).CoreV1().ConfigMaps("ns").WatchAsync())
            {
            }
        });

        Assert.Contains("ended inside a frame", e.Message);
    }

    [Fact]
    public async Task A_protobuf_client_reads_a_json_watch_from_a_server_that_chose_json()
    {
        var json = "{\"type\":\"ADDED\",\"object\":" + Json.Write(Sample("a")) + "}\n";
        var handler = new FakeHttpHandler().Respond(_ => Responses.Stream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        var rest = TestRest.Create(handler, contentType: MediaTypes.Protobuf);

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in new Clientset(rest).CoreV1().ConfigMaps("ns").WatchAsync()) events.Add(e);

        Assert.Equal("a", Assert.Single(events).Object.Metadata!.Name);
    }
}

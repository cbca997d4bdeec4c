using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class RequestErrorTests
{
    [Fact]
    public async Task A_404_Status_becomes_a_not_found_exception_with_the_server_message()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Status(404, "NotFound", "pods \"nope\" not found", "{\"name\":\"nope\",\"kind\":\"pods\"}"));
        var rest = TestRest.Create(handler);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().ApiVersion("v1").Namespace("x").Resource("pods").Name("nope").DoAsync(TestJsonContext.Default.Thing));
        Assert.True(e.IsNotFound);
        Assert.False(e.IsConflict);
        Assert.Equal(404, e.StatusCode);
        Assert.Equal("pods \"nope\" not found", e.Message);
        Assert.Equal("GET /api/v1/namespaces/x/pods/nope", e.Request);
        Assert.Equal("nope", e.Status.Details?.Name);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_422_carries_its_field_causes()
    {
        var details = "{\"name\":\"Bad_Name\",\"kind\":\"ConfigMap\",\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: \\\"Bad_Name\\\"\",\"field\":\"metadata.name\"}]}";
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Status(422, "Invalid", "ConfigMap \"Bad_Name\" is invalid", details)));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Post().ApiVersion("v1").Namespace("x").Resource("configmaps").Body("{}").DoAsync(TestJsonContext.Default.Thing));
        Assert.True(e.IsInvalid);
        var cause = Assert.Single(e.Causes);
        Assert.Equal("metadata.name", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);
    }

    [Theory]
    [InlineData(409, "AlreadyExists", true, false)]
    [InlineData(409, "Conflict", false, true)]
    public async Task Conflict_and_already_exists_are_told_apart(int code, string reason, bool exists, bool conflict)
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Status(code, reason, "x")));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Post().ApiVersion("v1").Resource("namespaces").Body("{}").DoAsync(TestJsonContext.Default.Thing));
        Assert.Equal(exists, e.IsAlreadyExists);
        Assert.Equal(conflict, e.IsConflict);
    }

    [Fact]
    public async Task A_body_that_is_not_a_Status_gets_a_reason_from_the_code()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("nope, not you") }));
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().AbsPath("/api").DoAsync(TestJsonContext.Default.Thing));
        Assert.True(e.IsForbidden);
        Assert.Contains("nope, not you", e.Message);
        Assert.Contains("403", e.Message);
    }

    [Fact]
    public async Task Idempotent_requests_retry_on_503_then_succeed()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ => Responses.Status(503, "ServiceUnavailable", "busy"))
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.BadGateway))
            .Respond(_ => Responses.Ok("{\"name\":\"a\"}"));
        var rest = TestRest.Create(handler);
        var thing = await rest.Get().AbsPath("/x").DoAsync(TestJsonContext.Default.Thing);
        Assert.Equal("a", thing.Name);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_error_is_thrown()
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < 4; i++) handler.Respond(_ => Responses.Status(500, "InternalError", "boom " + handler.Requests.Count));
        var rest = TestRest.Create(handler, maxRetries: 3);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().AbsPath("/x").DoAsync(TestJsonContext.Default.Thing));
        Assert.True(e.IsInternalError);
        Assert.Equal("boom 4", e.Message);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task A_POST_is_not_retried_on_500_without_Retry_After()
    {
        var handler = new FakeHttpHandler().Respond(_ => Responses.Status(500, "InternalError", "boom"));
        var rest = TestRest.Create(handler);
        await Assert.ThrowsAsync<KubeApiException>(() => rest.Post().AbsPath("/x").Body("{}").DoAsync(TestJsonContext.Default.Thing));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_POST_is_retried_on_429_with_Retry_After_and_waits_as_told()
    {
        var handler = new FakeHttpHandler()
            .Respond(_ =>
            {
                var r = Responses.Status(429, "TooManyRequests", "slow down", "{\"retryAfterSeconds\":1}");
                r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return r;
            })
            .Respond(_ => Responses.Ok("{\"name\":\"made\"}"));
        var rest = TestRest.Create(handler);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var thing = await rest.Post().AbsPath("/x").Body("{\"name\":\"made\"}").DoAsync(TestJsonContext.Default.Thing);
        Assert.Equal("made", thing.Name);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("{\"name\":\"made\"}", handler.Bodies[1]);
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {sw.Elapsed}");
    }

    [Fact]
    public async Task A_429_exhausting_retries_keeps_Retry_After_in_the_exception()
    {
        var handler = new FakeHttpHandler();
        for (int i = 0; i < 2; i++)
            handler.Respond(_ =>
            {
                var r = Responses.Status(429, "TooManyRequests", "slow down");
                r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
                return r;
            });
        var rest = TestRest.Create(handler, maxRetries: 1);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => rest.Get().AbsPath("/x").DoAsync(TestJsonContext.Default.Thing));
        Assert.True(e.IsTooManyRequests);
    }

    [Fact]
    public async Task Connection_refused_is_retried_for_any_verb_and_then_named()
    {
        var refused = new HttpRequestException("Connection refused (kube.test:6443)", new SocketException((int)SocketError.ConnectionRefused));
        var handler = new FakeHttpHandler().Throw(refused).Throw(refused).Throw(refused).Throw(refused);
        var rest = TestRest.Create(handler, maxRetries: 3);
        var e = await Assert.ThrowsAsync<KubeConnectionException>(() => rest.Post().AbsPath("/x").Body("{}").DoAsync(TestJsonContext.Default.Thing));
        Assert.Equal(4, handler.Requests.Count);
        Assert.Contains("https://kube.test:6443 (context \"test-ctx\" in /tmp/kubeconfig) for POST /x", e.Message);
        Assert.Contains("Connection refused", e.Message);
        Assert.Contains("POST /x", e.Message);
    }

    [Fact]
    public async Task A_reset_connection_is_not_retried_for_a_POST()
    {
        var handler = new FakeHttpHandler().Throw(new HttpRequestException("reset", new System.IO.IOException("Connection reset by peer")));
        var rest = TestRest.Create(handler);
        await Assert.ThrowsAsync<KubeConnectionException>(() => rest.Post().AbsPath("/x").Body("{}").DoAsync(TestJsonContext.Default.Thing));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_connection_error_names_the_kubeconfig_context_once()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var dir = new Kube.Client.Tests.Support.TempDirectory();
        string path = dir.Write("kubeconfig", $@"apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {{ server: ""http://127.0.0.1:{port}"" }}
users:
- name: u
  user: {{}}
contexts:
- name: down
  context: {{ cluster: c, user: u }}
current-context: down
");
        var config = await Kube.Client.Config.KubeconfigLoader.LoadRestConfigAsync(Kube.Client.Config.KubeconfigLoadingRules.ForFile(path));
        using var rest = new RestClient(config, new HttpClientHandler()) { RetryPolicy = new RetryPolicy(0, new Kube.Client.Retry.Backoff(TimeSpan.FromMilliseconds(1))) };
        var e = await Assert.ThrowsAsync<KubeConnectionException>(() => rest.Get().AbsPath("/version").DoAsync(TestJsonContext.Default.Thing));
        Assert.Contains($"http://127.0.0.1:{port} (context \"down\" in {path}) for GET /version", e.Message);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "down"));
    }

    [Fact]
    public async Task A_real_closed_port_gives_a_named_connection_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = new Kube.Client.Config.RestConfig { Host = new Uri($"http://127.0.0.1:{port}"), ContextName = "down" };
        using var rest = new RestClient(config, new HttpClientHandler()) { RetryPolicy = new RetryPolicy(1, new Kube.Client.Retry.Backoff(TimeSpan.FromMilliseconds(1))) };
        var e = await Assert.ThrowsAsync<KubeConnectionException>(() => rest.Get().AbsPath("/version").DoAsync(TestJsonContext.Default.Thing));
        Assert.Contains($"http://127.0.0.1:{port} (context 'down')", e.Message);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Warning_headers_reach_the_scoped_listener()
    {
        var handler = new FakeHttpHandler().Respond(_ =>
        {
            var r = Responses.Ok("{}");
            r.Headers.TryAddWithoutValidation("Warning", "299 - \"extensions/v1beta1 Ingress is deprecated\", 299 - \"second, with \\\"quotes\\\"\"");
            r.Headers.TryAddWithoutValidation("Warning", "199 agent \"not for us\"");
            return r;
        });
        var rest = TestRest.Create(handler);
        var listener = new RecordingListener();
        using (RequestListenerScope.Push(listener))
            await rest.Get().AbsPath("/x").DoAsync(TestJsonContext.Default.Thing);
        Assert.Equal(new[] { "extensions/v1beta1 Ingress is deprecated", "second, with \"quotes\"" }, listener.Warnings);
    }

    [Fact]
    public async Task A_request_timeout_is_reported_as_a_timeout_naming_the_request()
    {
        var handler = new FakeHttpHandler().RespondAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(30), ct); return Responses.Ok("{}"); });
        var rest = TestRest.Create(handler, maxRetries: 0);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => rest.Get().AbsPath("/slow").Timeout(TimeSpan.FromMilliseconds(100)).DoAsync(TestJsonContext.Default.Thing));
        Assert.Contains("GET /slow", e.Message);
        Assert.Contains("?timeout=1s", handler.Requests.Single().RequestUri!.Query);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        var handler = new FakeHttpHandler().RespondAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(30), ct); return Responses.Ok("{}"); });
        var rest = TestRest.Create(handler, maxRetries: 0);
        using var cts = new System.Threading.CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rest.Get().AbsPath("/slow").Timeout(TimeSpan.FromSeconds(10)).DoAsync(TestJsonContext.Default.Thing, cts.Token));
    }

    [Fact]
    public async Task A_body_that_does_not_decode_names_the_request_and_type()
    {
        var rest = TestRest.Create(new FakeHttpHandler().Respond(_ => Responses.Ok("{\"name\": 42}")));
        var e = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => rest.Get().AbsPath("/x").DoAsync(TestJsonContext.Default.Thing));
        Assert.Contains("GET /x", e.Message);
        Assert.Contains("Thing", e.Message);
    }

    [Fact]
    public async Task The_config_timeout_bounds_requests_that_set_none()
    {
        var handler = new FakeHttpHandler().RespondAsync(async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(30), ct); return Responses.Ok("{}"); });
        var rest = TestRest.Create(handler, maxRetries: 0);
        rest.Config.Timeout = TimeSpan.FromMilliseconds(100);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => rest.Get().AbsPath("/slow").DoAsync(TestJsonContext.Default.Thing));
        Assert.Contains("GET /slow", e.Message);
        Assert.Contains("timeout=1s", handler.Requests.Single().RequestUri!.Query);
    }

    [Fact]
    public async Task The_config_timeout_does_not_end_a_watch()
    {
        var handler = new FakeHttpHandler().RespondAsync(async (_, ct) =>
        {
            await Task.Delay(300, ct);
            return Responses.Stream(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":{\"name\":\"a\"}}")));
        });
        var rest = TestRest.Create(handler, maxRetries: 0);
        rest.Config.Timeout = TimeSpan.FromMilliseconds(100);
        var names = new System.Collections.Generic.List<string>();
        await foreach (var e in rest.Get().AbsPath("/w").WatchAsync(TestJsonContext.Default.Thing)) names.Add(e.Object.Name!);
        Assert.Equal(new[] { "a" }, names);
        Assert.DoesNotContain("timeout=", handler.Requests.Single().RequestUri!.Query);
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// An in-process API server for discovery: answers /version, /api, /api/v1, /apis and
/// /apis/GROUP/VERSION from discovery documents captured from Kubernetes 1.20.2
/// (TestData/Discovery/k8s-1.20.2, laid out like the URL paths), counts every request, and
/// lets a test fail a path, add a group, or hold requests to watch their concurrency.
/// </summary>
public sealed class FakeDiscoveryServer : HttpMessageHandler
{
    public static readonly string Kubernetes1202 = Path.Combine(AppContext.BaseDirectory, "TestData", "Discovery", "k8s-1.20.2");

    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;

    public FakeDiscoveryServer(string? folder = null)
    {
        folder ??= Kubernetes1202;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            _documents["/" + relative.Substring(0, relative.Length - ".json".Length)] = File.ReadAllText(file);
        }
        _documents["/openapi/v2"] = """{"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.20.2"},"paths":{},"definitions":{"io.k8s.api.core.v1.Pod":{"type":"object"}}}""";
    }

    /// <summary>Delay of each group version answer, to let concurrent requests overlap.</summary>
    public TimeSpan GroupVersionDelay { get; set; }

    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    public int Count(string path) => _counts.TryGetValue(path, out var n) ? n : 0;

    public int TotalRequests => _counts.Values.Sum();

    public IReadOnlyCollection<string> RequestedPaths => _counts.Keys.ToList();

    /// <summary>The group versions the captured server lists (the lines of kubectl api-versions).</summary>
    public IReadOnlyList<string> GroupVersionPaths =>
        _documents.Keys.Where(p => p == "/api/v1" || (p.StartsWith("/apis/", StringComparison.Ordinal) && p.Count(c => c == '/') == 3)).ToList();

    public void ResetCounts() => _counts.Clear();

    /// <summary>Answers <paramref name="path"/> with a Status of <paramref name="code"/> from now on.</summary>
    public FakeDiscoveryServer Fail(string path, int code = 503)
    {
        _failures[path] = code;
        return this;
    }

    public FakeDiscoveryServer Heal(string path)
    {
        _failures.TryRemove(path, out _);
        return this;
    }

    public FakeDiscoveryServer Set(string path, string json)
    {
        _documents[path] = json;
        return this;
    }

    public string Document(string path) => _documents[path];

    /// <summary>Adds a named group (listed last in /apis, as a new CRD group would be) and its resource list.</summary>
    public FakeDiscoveryServer AddGroup(string group, string version, string resourcesJson)
    {
        var apis = JsonNode.Parse(_documents["/apis"])!;
        var gv = group + "/" + version;
        apis["groups"]!.AsArray().Add(JsonNode.Parse(
            $$$"""{"name":"{{{group}}}","versions":[{"groupVersion":"{{{gv}}}","version":"{{{version}}}"}],"preferredVersion":{"groupVersion":"{{{gv}}}","version":"{{{version}}}"}}"""));
        _documents["/apis"] = apis.ToJsonString();
        _documents["/apis/" + gv] = $$"""{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"{{gv}}","resources":""" + resourcesJson + "}";
        return this;
    }

    /// <summary>A RestClient over this server, with fast retries and no rate limit.</summary>
    public RestClient CreateRestClient() =>
        new(new Kube.Client.Config.RestConfig { Host = new Uri("https://kube.test:6443"), Qps = 0, ContextName = "test-ctx" }, this, disposeHandler: false)
        {
            RetryPolicy = new RetryPolicy(3, new Backoff(TimeSpan.FromMilliseconds(1), factor: 1, jitter: 0)),
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string path = request.RequestUri!.AbsolutePath;
        _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        int now = Interlocked.Increment(ref _inFlight);
        try
        {
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }
            bool groupVersion = path == "/api/v1" || path.StartsWith("/apis/", StringComparison.Ordinal);
            if (groupVersion && GroupVersionDelay > TimeSpan.Zero) await Task.Delay(GroupVersionDelay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            if (_failures.TryGetValue(path, out var code))
                return Responses.Status(code, code == 503 ? "ServiceUnavailable" : code == 404 ? "NotFound" : "InternalError",
                    code == 503 ? "the server is currently unable to handle the request" : "failed on purpose");
            if (_documents.TryGetValue(path, out var json)) return Responses.Ok(json);
            return Responses.Status(404, "NotFound", "the server could not find the requested resource");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

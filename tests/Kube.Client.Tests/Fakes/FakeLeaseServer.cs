using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoordinationV1;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// An in-process API server for coordination.k8s.io/v1 Leases, shared by several clients: GET,
/// POST and PUT with resourceVersion checks like the real one (404 NotFound, 409 AlreadyExists,
/// 409 Conflict; a PUT must name the resourceVersion it read). Each client gets its own handler,
/// which a test can cut off from the server.
/// </summary>
public sealed class FakeLeaseServer
{
    private static readonly Regex LeasePath = new(@"^/apis/coordination\.k8s\.io/v1/namespaces/(?<ns>[^/]+)/leases(/(?<name>[^/]+))?$");

    private readonly object _gate = new();
    private readonly Dictionary<(string Namespace, string Name), string> _leases = new();
    private long _resourceVersion = 100;

    /// <summary>Every request, in order: "client VERB name -> code holder".</summary>
    public List<string> Journal { get; } = new();

    /// <summary>Runs before a write from a client is applied: the test can change the store then, as a racing candidate would.</summary>
    public Action<string, HttpMethod>? BeforeWrite { get; set; }

    public ClientHandler CreateHandler(string client) => new(this, client);

    /// <summary>A copy of the stored Lease, or null.</summary>
    public Lease? Get(string @namespace, string name)
    {
        lock (_gate) return _leases.TryGetValue((@namespace, name), out var json) ? Parse(json) : null;
    }

    /// <summary>Stores <paramref name="lease"/> as another writer would (a new resourceVersion).</summary>
    public Lease Put(Lease lease)
    {
        lock (_gate) return Store(lease);
    }

    /// <summary>Changes the stored Lease as another writer would.</summary>
    public Lease Change(string @namespace, string name, Action<Lease> change)
    {
        lock (_gate)
        {
            var lease = Get(@namespace, name) ?? throw new InvalidOperationException($"no lease {@namespace}/{name}");
            change(lease);
            return Store(lease);
        }
    }

    public void Note(string line)
    {
        lock (_gate) Journal.Add(line);
    }

    private Lease Store(Lease lease)
    {
        lease.Metadata ??= new();
        lease.Metadata.ResourceVersion = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        lease.Metadata.CreationTimestamp ??= DateTimeOffset.UnixEpoch;
        _leases[(lease.Metadata.Namespace!, lease.Metadata.Name!)] = Serialize(lease);
        return lease;
    }

    private HttpResponseMessage Handle(string client, HttpMethod method, string path, string? body)
    {
        var match = LeasePath.Match(path);
        if (!match.Success) return Responses.Status(404, "NotFound", $"the fake lease server does not serve {path}");
        string ns = match.Groups["ns"].Value;
        string? name = match.Groups["name"].Success ? match.Groups["name"].Value : null;

        if (method != HttpMethod.Get) BeforeWrite?.Invoke(client, method);
        lock (_gate)
        {
            HttpResponseMessage response = (method.Method, name) switch
            {
                ("GET", not null) => _leases.TryGetValue((ns, name), out var json)
                    ? Responses.Ok(json)
                    : NotFound(name),
                ("POST", null) => Create(ns, Parse(body!)),
                ("PUT", not null) => Update(ns, name, Parse(body!)),
                _ => Responses.Status(405, "MethodNotAllowed", $"{method} {path} is not supported"),
            };
            string key = name ?? (body is null ? "" : Parse(body).Metadata?.Name ?? "");
            string? holder = _leases.TryGetValue((ns, key), out var now) ? Parse(now).Spec?.HolderIdentity : null;
            Journal.Add($"{client} {method.Method} {key} -> {(int)response.StatusCode} holder={holder}");
            return response;
        }
    }

    private HttpResponseMessage Create(string ns, Lease lease)
    {
        string name = lease.Metadata?.Name ?? "";
        if (lease.Metadata?.Namespace is { } own && own != ns) return Responses.Status(400, "BadRequest", "namespace mismatch");
        if (_leases.ContainsKey((ns, name)))
            return Responses.Status(409, "AlreadyExists", $"leases.coordination.k8s.io \"{name}\" already exists");
        if (!string.IsNullOrEmpty(lease.Metadata!.ResourceVersion))
            return Responses.Status(500, "InternalError", "resourceVersion should not be set on objects to be created");
        lease.Metadata.Namespace = ns;
        return Json(HttpStatusCode.Created, Store(lease));
    }

    private HttpResponseMessage Update(string ns, string name, Lease lease)
    {
        if (!_leases.TryGetValue((ns, name), out var json)) return NotFound(name);
        var current = Parse(json);
        if (string.IsNullOrEmpty(lease.Metadata?.ResourceVersion))
            return Responses.Status(422, "Invalid", "metadata.resourceVersion: must be specified for an update");
        if (lease.Metadata!.ResourceVersion != current.Metadata!.ResourceVersion)
            return Responses.Status(409, "Conflict",
                $"Operation cannot be fulfilled on leases.coordination.k8s.io \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
        lease.Metadata.Namespace = ns;
        return Json(HttpStatusCode.OK, Store(lease));
    }

    private static HttpResponseMessage NotFound(string name) =>
        Responses.Status(404, "NotFound", $"leases.coordination.k8s.io \"{name}\" not found");

    private static HttpResponseMessage Json(HttpStatusCode code, Lease lease) => Responses.Json(code, Serialize(lease));

    private static string Serialize(Lease lease) => JsonSerializer.Serialize(lease, KubeJsonContext.Default.CoordinationV1Lease);

    private static Lease Parse(string json) => JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoordinationV1Lease)!;

    public sealed class ClientHandler : HttpMessageHandler
    {
        private readonly FakeLeaseServer _server;
        private readonly string _client;

        internal ClientHandler(FakeLeaseServer server, string client)
        {
            _server = server;
            _client = client;
        }

        /// <summary>When set, this client's requests fail as if the server were unreachable.</summary>
        public bool Partitioned { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Partitioned)
            {
                _server.Note($"{_client} {request.Method.Method} (partitioned)");
                throw new HttpRequestException("Connection refused (fake partition)");
            }
            string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = _server.Handle(_client, request.Method, request.RequestUri!.AbsolutePath, body);
            response.RequestMessage = request;
            return response;
        }
    }
}

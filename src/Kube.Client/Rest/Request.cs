using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// One API call, built fluently and then sent with one of the Do/Stream/Watch methods:
/// <c>rest.Get().ApiVersion("v1").Namespace("x").Resource("pods").Name("y").DoAsync(info, ct)</c>.
/// A Request is a builder for a single use; it is not thread-safe.
/// </summary>
/// <remarks>
/// This file builds the request. Sending it (limiter, retries, Retry-After, timeouts) is
/// <see cref="RequestSender"/>'s; reading the answer is <see cref="ResponseDecoder"/>'s (bodies and
/// lists), <see cref="WatchStream"/>'s (watch frames) and <see cref="StatusErrors"/>'s (failures).
/// Options such as ListOptions become query parameters through
/// <see cref="Models.MetaV1.ParameterCodec"/> and <see cref="Params"/>.
/// </remarks>
public sealed class Request
{
    private readonly RestClient _client;
    private readonly HttpMethod _method;
    private readonly List<KeyValuePair<string, string>> _query = new();
    private readonly List<KeyValuePair<string, string>> _headers = new();
    private string? _prefix;
    private string? _namespace;
    private string? _resource;
    private string? _name;
    private string[] _subresource = Array.Empty<string>();
    private byte[]? _body;
    private string? _contentType;
    private string _accept = "application/json";
    private string? _preferredContentType;
    private Func<(byte[] Body, string ContentType)>? _encodeBody;
    private TimeSpan? _timeout;
    private RetryPolicy? _retryPolicy;
    private IRateLimiter? _rateLimiter;
    private bool _ownRateLimiter;
    private Exception? _buildError;

    internal Request(RestClient client, HttpMethod method)
    {
        _client = client;
        _method = method;
    }

    public HttpMethod Method => _method;

    internal RestClient Client => _client;

    /// <summary>Targets a group/version: "v1" maps to /api/v1, "apps/v1" to /apis/apps/v1.</summary>
    public Request ApiVersion(string apiVersion)
    {
        try { return GroupVersion(Schema.GroupVersion.Parse(apiVersion)); }
        catch (Exception e) when (e is FormatException or ArgumentException) { return Fail(e); }
    }

    public Request GroupVersion(GroupVersion groupVersion)
    {
        _prefix = groupVersion.Path.Substring(1);
        return this;
    }

    /// <summary>A path outside any group/version, such as "/version", "/apis" or "/openapi/v2".</summary>
    public Request AbsPath(string path)
    {
        _prefix = path.TrimStart('/');
        return this;
    }

    public Request Namespace(string? @namespace)
    {
        if (string.IsNullOrEmpty(@namespace)) { _namespace = null; return this; }
        if (!ValidSegment(@namespace!, out var why)) return Fail(new ArgumentException($"invalid namespace \"{@namespace}\": {why}", nameof(@namespace)));
        _namespace = @namespace;
        return this;
    }

    public Request Resource(string resource)
    {
        if (!ValidSegment(resource, out var why)) return Fail(new ArgumentException($"invalid resource \"{resource}\": {why}", nameof(resource)));
        _resource = resource;
        return this;
    }

    public Request Name(string name)
    {
        if (string.IsNullOrEmpty(name)) return Fail(new ArgumentException("resource name may not be empty", nameof(name)));
        if (!ValidSegment(name, out var why)) return Fail(new ArgumentException($"invalid resource name \"{name}\": {why}", nameof(name)));
        _name = name;
        return this;
    }

    public Request SubResource(params string[] parts)
    {
        foreach (var p in parts)
            if (!ValidSegment(p, out var why)) return Fail(new ArgumentException($"invalid subresource \"{p}\": {why}", nameof(parts)));
        _subresource = parts;
        return this;
    }

    /// <summary>Adds a query parameter; a null value is skipped. The same key may be added several times.</summary>
    public Request Param(string key, string? value)
    {
        if (value is not null) _query.Add(new KeyValuePair<string, string>(key, value));
        return this;
    }

    /// <summary>
    /// Adds query parameters in order, such as the encoding of an options object
    /// (<c>Params(ParameterCodec.Encode(listOptions))</c>); null adds none.
    /// </summary>
    public Request Params(IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        if (parameters is null) return this;
        foreach (var p in parameters) Param(p.Key, p.Value);
        return this;
    }

    public Request Header(string name, string value)
    {
        _headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public Request Accept(string mediaType)
    {
        _accept = mediaType;
        return this;
    }

    public Request ContentType(string contentType)
    {
        _contentType = contentType;
        return this;
    }

    /// <summary>
    /// The wire form for this request's built-in kinds, overriding <see cref="RestClient.ContentType"/>:
    /// <see cref="MediaTypes.Json"/> or <see cref="MediaTypes.Protobuf"/>. It applies to the Do, Body
    /// and Watch calls given a protobuf codec, so call it before them.
    /// </summary>
    public Request PreferContentType(string mediaType)
    {
        try { _preferredContentType = MediaTypes.Validate(mediaType, nameof(mediaType)); }
        catch (ArgumentException e) { return Fail(e); }
        return this;
    }

    /// <summary>True when the calls given a protobuf codec will speak protobuf.</summary>
    public bool UsesProtobuf => (_preferredContentType ?? _client.ContentType) == MediaTypes.Protobuf;

    /// <summary>Timeout of this request as a whole; also sent to the server as ?timeout= (not for watches).</summary>
    public Request Timeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return Fail(new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive"));
        _timeout = timeout;
        return this;
    }

    /// <summary>
    /// Retries this request by <paramref name="policy"/> instead of the client's policy; discovery
    /// uses it so one unavailable API group does not hold a whole sweep up with backoffs.
    /// </summary>
    public Request WithRetryPolicy(RetryPolicy policy)
    {
        _retryPolicy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>
    /// Throttles this request with <paramref name="limiter"/> (null: not at all) instead of the
    /// client's limiter; discovery has its own, larger budget, as in kubectl.
    /// </summary>
    public Request WithRateLimiter(IRateLimiter? limiter)
    {
        _rateLimiter = limiter;
        _ownRateLimiter = true;
        return this;
    }

    public Request Body(byte[] body, string? contentType = null)
    {
        _body = body ?? throw new ArgumentNullException(nameof(body));
        _contentType ??= contentType ?? "application/json";
        return this;
    }

    public Request Body(string body, string? contentType = null) => Body(Encoding.UTF8.GetBytes(body), contentType);

    public Request Body<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        _body = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        _contentType ??= "application/json";
        return this;
    }

    /// <summary>
    /// A model body: protobuf when this request <see cref="UsesProtobuf"/> and <paramref name="protobuf"/>
    /// is given, JSON otherwise. It is encoded when the request is sent.
    /// </summary>
    public Request Body<T>(T body, JsonTypeInfo<T> typeInfo, ProtobufCodec<T>? protobuf)
    {
        if (body is null) throw new ArgumentNullException(nameof(body));
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        _body = null;
        _encodeBody = () => protobuf is not null && UsesProtobuf
            ? (protobuf.Encode(body), MediaTypes.Protobuf)
            : (JsonSerializer.SerializeToUtf8Bytes(body, typeInfo), MediaTypes.Json);
        return this;
    }

    /// <summary>The URL this request goes to.</summary>
    public Uri BuildUri()
    {
        if (_buildError is not null) throw _buildError;
        var path = new StringBuilder();
        if (_prefix is { Length: > 0 }) path.Append(_prefix);
        if (_namespace is not null) Append(path, "namespaces").Append('/').Append(Escape(_namespace));
        if (_resource is not null) Append(path, _resource);
        if (_name is not null) Append(path, Escape(_name));
        foreach (var s in _subresource) Append(path, Escape(s));

        if (_query.Count > 0)
        {
            path.Append('?');
            for (int i = 0; i < _query.Count; i++)
            {
                if (i > 0) path.Append('&');
                path.Append(Uri.EscapeDataString(_query[i].Key)).Append('=').Append(Uri.EscapeDataString(_query[i].Value));
            }
        }
        return new Uri(_client.BaseUri, path.ToString());
    }

    /// <summary>"GET /api/v1/namespaces/x/pods": for messages (never carries credentials or the query).</summary>
    public string Describe()
    {
        try { return _method.Method + " " + BuildUri().AbsolutePath; }
        catch (Exception) { return _method.Method + " (invalid request)"; }
    }

    // ---- Sending: each call hands the built request to the sender and the reader of its answer.

    /// <summary>Sends the request and decodes the response body as <typeparamref name="T"/>, read from the stream.</summary>
    public Task<T> DoAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        return ResponseDecoder.DecodeJsonAsync(this, typeInfo, cancellationToken);
    }

    /// <summary>
    /// Sends the request and decodes the response as <typeparamref name="T"/>: in protobuf when this
    /// request <see cref="UsesProtobuf"/> and <paramref name="protobuf"/> is given (it then accepts
    /// protobuf or JSON, and decodes what the server chose), in JSON otherwise.
    /// </summary>
    public Task<T> DoAsync<T>(JsonTypeInfo<T> typeInfo, ProtobufCodec<T>? protobuf, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        if (protobuf is null || !UsesProtobuf) return DoAsync(typeInfo, cancellationToken);
        _accept = MediaTypes.ProtobufOrJson;
        return ResponseDecoder.DecodeModelAsync(this, typeInfo, protobuf, cancellationToken);
    }

    /// <summary>
    /// Sends the request and hands the response body to <paramref name="decode"/>, for bodies no
    /// <see cref="JsonTypeInfo{T}"/> describes (unstructured objects, say). Limiter, retries, errors and
    /// timeout are those of every request; a <see cref="JsonException"/> from the decoder is reported
    /// with the request it answered.
    /// </summary>
    public Task<T> DoAsync<T>(Func<Stream, CancellationToken, ValueTask<T>> decode, CancellationToken cancellationToken = default)
    {
        if (decode is null) throw new ArgumentNullException(nameof(decode));
        return ResponseDecoder.DecodeAsync(this, (_, stream, ct) => decode(stream, ct), cancellationToken);
    }

    /// <summary>
    /// Sends a list request and decodes the JSON list item by item (pooled buffers, the whole body
    /// never held), then returns it as one <typeparamref name="TList"/>: faster than decoding the
    /// list as one value from the stream, which must be able to stop and resume anywhere in it.
    /// </summary>
    internal Task<TList> DoListAsync<T, TList>(JsonTypeInfo<T> itemInfo, JsonTypeInfo<TList> listInfo, CancellationToken cancellationToken = default)
        where TList : class, IKubeList<T>
    {
        if (itemInfo is null) throw new ArgumentNullException(nameof(itemInfo));
        if (listInfo is null) throw new ArgumentNullException(nameof(listInfo));
        _accept = MediaTypes.Json;
        return ResponseDecoder.DecodeListAsync(this, itemInfo, listInfo, cancellationToken);
    }

    /// <summary>
    /// Sends a list request and decodes it item by item as its bytes arrive, then returns it as one
    /// <typeparamref name="TList"/>: in protobuf when this request <see cref="UsesProtobuf"/> (a server
    /// that answers JSON is read as JSON), in JSON otherwise.
    /// </summary>
    internal Task<TList> DoListAsync<T, TList>(JsonTypeInfo<T> itemInfo, JsonTypeInfo<TList> listInfo, ProtobufCodec<T>? itemProtobuf, ProtobufCodec<TList>? listProtobuf,
        CancellationToken cancellationToken = default)
        where TList : class, IKubeList<T>
    {
        if (itemProtobuf is null || listProtobuf is null || !UsesProtobuf) return DoListAsync(itemInfo, listInfo, cancellationToken);
        if (itemInfo is null) throw new ArgumentNullException(nameof(itemInfo));
        if (listInfo is null) throw new ArgumentNullException(nameof(listInfo));
        _accept = MediaTypes.ProtobufOrJson;
        return ResponseDecoder.DecodeListAsync(this, itemInfo, listInfo, itemProtobuf, listProtobuf, cancellationToken);
    }

    /// <summary>
    /// Sends a list request and yields its items as they are decoded, each one as soon as its bytes
    /// have arrived (JSON), or one at a time from the pooled body (protobuf, when this request
    /// <see cref="UsesProtobuf"/> and <paramref name="itemProtobuf"/> is given). The request goes out
    /// when enumeration starts; the stream's <see cref="ListStream{T}.Metadata"/> carries the continue
    /// token and resourceVersion.
    /// </summary>
    public ListStream<T> ListItemsAsync<T>(JsonTypeInfo<T> itemInfo, ProtobufCodec<T>? itemProtobuf = null, CancellationToken cancellationToken = default)
    {
        if (itemInfo is null) throw new ArgumentNullException(nameof(itemInfo));
        if (itemProtobuf is not null && UsesProtobuf) _accept = MediaTypes.ProtobufOrJson;
        return new ListStream<T>((stream, ct) => ResponseDecoder.ReadItemsAsync(this, stream, itemInfo, itemProtobuf, ct), cancellationToken);
    }

    /// <summary>Sends the request and discards any body.</summary>
    public async Task DoAsync(CancellationToken cancellationToken = default)
    {
        using var call = await RequestSender.SendAsync(this, watch: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and returns the body's bytes.</summary>
    public Task<byte[]> DoRawAsync(CancellationToken cancellationToken = default) => ResponseDecoder.ReadRawAsync(this, cancellationToken);

    /// <summary>
    /// Sends the request and returns the body as a stream once the headers arrive; disposing the
    /// stream ends the request. The request timeout, if any, covers only the wait for headers.
    /// </summary>
    public Task<Stream> StreamAsync(CancellationToken cancellationToken = default) => ResponseDecoder.OpenStreamAsync(this, cancellationToken);

    /// <summary>
    /// Starts a watch (adds watch=true) and yields its events as they arrive. An ERROR event ends
    /// the stream with a <see cref="KubeApiException"/> carrying the server's Status (a 410 Gone
    /// means: relist). The stream ends normally when the server closes it (timeoutSeconds).
    /// </summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        return WatchAsync(json => JsonSerializer.Deserialize(json.Span, typeInfo), cancellationToken);
    }

    /// <summary>
    /// Starts a watch like <see cref="WatchAsync{T}(JsonTypeInfo{T}, CancellationToken)"/>, decoding the
    /// object of each event with <paramref name="decodeObject"/>. It gets the UTF-8 JSON of the object,
    /// valid only during the call; a <see cref="JsonException"/> it throws is reported with the request.
    /// </summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(Func<ReadOnlyMemory<byte>, T?> decodeObject, CancellationToken cancellationToken = default)
    {
        if (decodeObject is null) throw new ArgumentNullException(nameof(decodeObject));
        Param("watch", "true");
        return WatchStream.ReadAsync(this, decodeObject, null, cancellationToken);
    }

    /// <summary>
    /// Starts a watch like <see cref="WatchAsync{T}(JsonTypeInfo{T}, CancellationToken)"/>, in
    /// protobuf (length-prefixed frames) when this request <see cref="UsesProtobuf"/> and
    /// <paramref name="protobuf"/> is given; a server that answers JSON is read as JSON.
    /// </summary>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(JsonTypeInfo<T> typeInfo, ProtobufCodec<T>? protobuf, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        if (protobuf is null || !UsesProtobuf) return WatchAsync(typeInfo, cancellationToken);
        _accept = MediaTypes.ProtobufOrJson;
        Param("watch", "true");
        return WatchStream.ReadAsync(this, json => JsonSerializer.Deserialize(json.Span, typeInfo), protobuf, cancellationToken);
    }

    /// <summary>
    /// Fixes what goes on the wire: the URL (with ?timeout= for a bounded request), the encoded body,
    /// and the timeout, limiter and retry policy in force. Called once, when the request is sent.
    /// </summary>
    /// <exception cref="ArgumentException">A part of the request was invalid (the first such error).</exception>
    internal PreparedRequest Prepare(bool watch)
    {
        Uri uri = BuildUri();
        if (_encodeBody is not null)
        {
            (_body, _contentType) = _encodeBody();
            _encodeBody = null;
        }
        // The config's timeout (kubectl's --request-timeout) bounds ordinary requests, not streams.
        TimeSpan? timeout = _timeout;
        if (timeout is null && !watch && _client.Config.Timeout > TimeSpan.Zero) timeout = _client.Config.Timeout;
        if (timeout is TimeSpan t && !watch)
            uri = AppendQuery(uri, "timeout", ((long)Math.Ceiling(t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s");
        return new PreparedRequest(
            _client, _method, uri, Describe(), _accept, _headers, _body, _contentType, timeout,
            _retryPolicy ?? _client.RetryPolicy,
            _ownRateLimiter ? _rateLimiter : _client.RateLimiter);
    }

    private Request Fail(Exception e)
    {
        _buildError ??= e;
        return this;
    }

    private static Uri AppendQuery(Uri uri, string key, string value)
    {
        string sep = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        return new Uri(uri.AbsoluteUri + sep + Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value));
    }

    private static StringBuilder Append(StringBuilder path, string segment)
    {
        if (path.Length > 0 && path[path.Length - 1] != '/') path.Append('/');
        return path.Append(segment);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>client-go's IsValidPathSegmentName: no '/', no '%', and not "." or "..".</summary>
    private static bool ValidSegment(string segment, out string why)
    {
        if (segment.Length == 0) { why = "may not be empty"; return false; }
        if (segment == "." || segment == "..") { why = $"may not be '{segment}'"; return false; }
        if (segment.IndexOf('/') >= 0) { why = "may not contain '/'"; return false; }
        if (segment.IndexOf('%') >= 0) { why = "may not contain '%'"; return false; }
        why = "";
        return true;
    }
}

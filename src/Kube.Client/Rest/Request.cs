using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// One API call, built fluently and then sent with one of the Do/Stream/Watch methods:
/// <c>rest.Get().ApiVersion("v1").Namespace("x").Resource("pods").Name("y").DoAsync(info, ct)</c>.
/// A Request is a builder for a single use; it is not thread-safe.
/// </summary>
public sealed partial class Request
{
    private const int MaxErrorBodyBytes = 1 << 20;

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

    public Request ListOptions(ListOptions? options)
    {
        if (options is null) return this;
        Param("labelSelector", NullIfEmpty(options.LabelSelector));
        Param("fieldSelector", NullIfEmpty(options.FieldSelector));
        if (options.Limit > 0) Param("limit", options.Limit.ToString(CultureInfo.InvariantCulture));
        Param("continue", NullIfEmpty(options.Continue));
        Param("resourceVersion", options.ResourceVersion);
        Param("resourceVersionMatch", NullIfEmpty(options.ResourceVersionMatch));
        if (options.TimeoutSeconds is long t) Param("timeoutSeconds", t.ToString(CultureInfo.InvariantCulture));
        if (options.AllowWatchBookmarks) Param("allowWatchBookmarks", "true");
        return this;
    }

    public Request GetOptions(GetOptions? options)
    {
        if (options is not null) Param("resourceVersion", NullIfEmpty(options.ResourceVersion));
        return this;
    }

    public Request CreateOptions(CreateOptions? options)
    {
        if (options is null) return this;
        if (options.DryRun) Param("dryRun", "All");
        return Param("fieldManager", NullIfEmpty(options.FieldManager));
    }

    public Request UpdateOptions(UpdateOptions? options)
    {
        if (options is null) return this;
        if (options.DryRun) Param("dryRun", "All");
        return Param("fieldManager", NullIfEmpty(options.FieldManager));
    }

    public Request PatchOptions(PatchOptions? options)
    {
        if (options is null) return this;
        if (options.DryRun) Param("dryRun", "All");
        Param("fieldManager", NullIfEmpty(options.FieldManager));
        if (options.Force is bool force) Param("force", force ? "true" : "false");
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

    /// <summary>Sends the request and decodes the response body as <typeparamref name="T"/>, read from the stream.</summary>
    public Task<T> DoAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null) throw new ArgumentNullException(nameof(typeInfo));
        return DoAsync(
            async (stream, ct) => await JsonSerializer.DeserializeAsync(stream, typeInfo, ct).ConfigureAwait(false)
                ?? throw new JsonException($"{Describe()} returned an empty body where {typeof(T).Name} was expected."),
            cancellationToken);
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
        return DoCoreAsync(
            async (response, stream, ct) =>
            {
                if (!MediaTypes.IsProtobuf(response.Content.Headers.ContentType?.MediaType))
                {
                    return await JsonSerializer.DeserializeAsync(stream, typeInfo, ct).ConfigureAwait(false)
                        ?? throw new JsonException($"{Describe()} returned an empty body where {typeof(T).Name} was expected.");
                }
                var (buffer, length) = await ReadPooledAsync(response, stream, ct).ConfigureAwait(false);
                try
                {
                    return protobuf.Decode(new ReadOnlySpan<byte>(buffer, 0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            },
            cancellationToken);
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
        return DoCoreAsync((_, stream, ct) => decode(stream, ct), cancellationToken);
    }

    private async Task<T> DoCoreAsync<T>(Func<HttpResponseMessage, Stream, CancellationToken, ValueTask<T>> decode, CancellationToken cancellationToken)
    {
        using var call = await SendAsync(watch: false, cancellationToken).ConfigureAwait(false);
        try
        {
            using var stream = await ReadStreamAsync(call.Response).ConfigureAwait(false);
            return await decode(call.Response, stream, call.Token).ConfigureAwait(false);
        }
        catch (JsonException e) when (e.Message.IndexOf(Describe(), StringComparison.Ordinal) < 0)
        {
            throw new JsonException($"Could not decode the response of {Describe()} as {typeof(T).Name}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (ProtobufException e) when (e.Message.IndexOf(Describe(), StringComparison.Ordinal) < 0)
        {
            throw new ProtobufException($"Could not decode the protobuf response of {Describe()} as {typeof(T).Name}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw TimeoutError(e);
        }
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
        return DoCoreAsync(
            async (_, stream, ct) =>
            {
                await using var reader = new JsonListItemReader<T>(stream, itemInfo);
                var items = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) items.Add(reader.Current);
                var list = listInfo.CreateObject?.Invoke() as TList
                    ?? JsonSerializer.Deserialize("{}"u8, listInfo)
                    ?? throw new JsonException($"Cannot make an empty {typeof(TList).Name}.");
                list.ApiVersion = reader.ApiVersion;
                list.Kind = reader.Kind;
                list.Metadata = reader.Metadata;
                list.Items = items;
                return list;
            },
            cancellationToken);
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
        return new ListStream<T>((stream, ct) => IterateList(stream, itemInfo, itemProtobuf, ct), cancellationToken);
    }

    private async IAsyncEnumerable<T> IterateList<T>(ListStream<T> list, JsonTypeInfo<T> itemInfo, ProtobufCodec<T>? itemProtobuf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = await SendAsync(watch: false, cancellationToken).ConfigureAwait(false);
        using var stream = await ReadStreamAsync(call.Response).ConfigureAwait(false);
        if (itemProtobuf is not null && MediaTypes.IsProtobuf(call.Response.Content.Headers.ContentType?.MediaType))
        {
            var (buffer, length) = await Guard(ReadPooledAsync(call.Response, stream, call.Token), call, cancellationToken).ConfigureAwait(false);
            try
            {
                var items = Guard(() => new ProtobufListItemReader<T>(new ReadOnlySpan<byte>(buffer, 0, length), itemProtobuf), typeof(T));
                while (true)
                {
                    T item = default!;
                    bool more = Guard(() => items.TryRead(new ReadOnlySpan<byte>(buffer, 0, length), out item), typeof(T));
                    list.Metadata = items.Metadata;
                    if (!more) yield break;
                    yield return item;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        await using var reader = new JsonListItemReader<T>(stream, itemInfo);
        while (true)
        {
            bool more = await Guard(reader.ReadAsync(call.Token).AsTask(), call, cancellationToken).ConfigureAwait(false);
            list.Metadata = reader.Metadata;
            if (!more) yield break;
            yield return reader.Current;
        }
    }

    /// <summary>Awaits a read of a list body, reporting decode errors with the request and timeouts as such.</summary>
    private async Task<TResult> Guard<TResult>(Task<TResult> read, Call call, CancellationToken cancellationToken)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (JsonException e) when (e.Message.IndexOf(Describe(), StringComparison.Ordinal) < 0)
        {
            throw new JsonException($"Could not decode the list response of {Describe()}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw TimeoutError(e);
        }
    }

    private TResult Guard<TResult>(Func<TResult> decode, Type item)
    {
        try
        {
            return decode();
        }
        catch (ProtobufException e)
        {
            throw new ProtobufException($"Could not decode the protobuf list response of {Describe()} as {item.Name} items: {e.Message}", e);
        }
    }

    /// <summary>The whole body in a buffer rented from the shared pool (the caller returns it), sized by Content-Length when known.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(HttpResponseMessage response, Stream stream, CancellationToken ct)
    {
        long? expected = response.Content.Headers.ContentLength;
        int size = expected is long n && n > 0 && n < int.MaxValue - 1 ? (int)n + 1 : 64 * 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= int.MaxValue / 2) throw new IOException($"a response body over {buffer.Length} bytes");
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
#if NET8_0_OR_GREATER
                int read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
#else
                int read = await stream.ReadAsync(buffer, length, buffer.Length - length, ct).ConfigureAwait(false);
#endif
                if (read == 0) return (buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Sends the request and discards any body.</summary>
    public async Task DoAsync(CancellationToken cancellationToken = default)
    {
        using var call = await SendAsync(watch: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and returns the body's bytes.</summary>
    public async Task<byte[]> DoRawAsync(CancellationToken cancellationToken = default)
    {
        using var call = await SendAsync(watch: false, cancellationToken).ConfigureAwait(false);
        try
        {
            using var stream = await ReadStreamAsync(call.Response).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, 81920, call.Token).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw TimeoutError(e);
        }
    }

    /// <summary>
    /// Sends the request and returns the body as a stream once the headers arrive; disposing the
    /// stream ends the request. The request timeout, if any, covers only the wait for headers.
    /// </summary>
    public async Task<Stream> StreamAsync(CancellationToken cancellationToken = default)
    {
        var call = await SendAsync(watch: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await ReadStreamAsync(call.Response).ConfigureAwait(false);
            return new OwningStream(stream, call);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

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
        return IterateWatch(decodeObject, null, cancellationToken);
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
        return IterateWatch(json => JsonSerializer.Deserialize(json.Span, typeInfo), protobuf, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent<T>> IterateWatch<T>(Func<ReadOnlyMemory<byte>, T?> decodeJson, ProtobufCodec<T>? protobuf, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var call = await SendAsync(watch: true, ct).ConfigureAwait(false);
        using var stream = await ReadStreamAsync(call.Response).ConfigureAwait(false);
        var decoder = new WatchEventDecoder<T>(decodeJson, Describe());
        bool inProtobuf = protobuf is not null && MediaTypes.IsProtobuf(call.Response.Content.Headers.ContentType?.MediaType);
        await using var jsonFrames = inProtobuf ? null : new JsonFrameReader(stream);
        await using var protobufFrames = inProtobuf ? new ProtobufFrameReader(stream) : null;
        while (true)
        {
            ReadOnlyMemory<byte> frame;
            try
            {
                if (inProtobuf)
                {
                    if (!await protobufFrames!.ReadFrameAsync(ct).ConfigureAwait(false)) yield break;
                    frame = protobufFrames.Current;
                }
                else
                {
                    if (!await jsonFrames!.ReadFrameAsync(ct).ConfigureAwait(false)) yield break;
                    frame = jsonFrames.Current;
                }
            }
            catch (Exception e) when (IsStreamCut(e) && !ct.IsCancellationRequested)
            {
                throw new KubeConnectionException($"The watch stream of {Describe()} from {_client.DescribeServer()} was cut: {e.Message}", _client.Config.Host, e);
            }
            yield return inProtobuf ? decoder.DecodeProtobuf(frame.Span, protobuf!) : decoder.Decode(frame);
        }
    }

    /// <summary>"GET /api/v1/namespaces/x/pods": for messages (never carries credentials or the query).</summary>
    public string Describe()
    {
        try { return _method.Method + " " + BuildUri().AbsolutePath; }
        catch (Exception) { return _method.Method + " (invalid request)"; }
    }

    private Request Fail(Exception e)
    {
        _buildError ??= e;
        return this;
    }

    private async Task<Call> SendAsync(bool watch, CancellationToken cancellationToken)
    {
        Uri uri = BuildUri();
        if (_encodeBody is not null)
        {
            (_body, _contentType) = _encodeBody();
            _encodeBody = null;
        }
        // The config's timeout (kubectl's --request-timeout) bounds ordinary requests, not streams.
        if (_timeout is null && !watch && _client.Config.Timeout > TimeSpan.Zero) _timeout = _client.Config.Timeout;
        if (_timeout is TimeSpan t && !watch)
            uri = AppendQuery(uri, "timeout", ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s");

        var listener = RequestListenerScope.Current ?? _client.DefaultListener;
        var policy = _retryPolicy ?? _client.RetryPolicy;
        bool idempotent = IsIdempotent(_method);
        CancellationTokenSource? timeoutSource = null;
        if (_timeout is TimeSpan timeout)
        {
            timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
        }
        CancellationToken ct = timeoutSource?.Token ?? cancellationToken;

        try
        {
            for (int attempt = 0; ; attempt++)
            {
                if ((_ownRateLimiter ? _rateLimiter : _client.RateLimiter) is { } limiter) await limiter.WaitAsync(ct).ConfigureAwait(false);

                using var message = BuildMessage(uri);
                var started = Stopwatch.StartNew();

                HttpResponseMessage response;
                try
                {
                    response = await _client.Http.SendAsync(message, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
                {
                    bool notSent = NeverReachedServer(e);
                    listener?.OnTraceIfEnabled($"{_method.Method} {uri} failed after {started.ElapsedMilliseconds} ms: {Flatten(e)}");
                    if ((idempotent || notSent) && attempt < policy.MaxRetries)
                    {
                        await Task.Delay(policy.Backoff.Delay(attempt), ct).ConfigureAwait(false);
                        continue;
                    }
                    throw new KubeConnectionException(
                        $"Could not reach the API server at {_client.DescribeServer()} for {Describe()}: {Flatten(e)}",
                        _client.Config.Host, e);
                }
                catch (OperationCanceledException e) when (timeoutSource is not null && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw TimeoutError(e);
                }

                ReportWarnings(response, listener);

                int code = (int)response.StatusCode;
                if (code is >= 200 and < 300)
                {
                    var call = new Call(response, timeoutSource, cancellationToken);
                    if (watch) call.StopTimeout();
                    timeoutSource = null;
                    return call;
                }

                TimeSpan? retryAfter = RetryAfter(response, policy.MaxRetryAfter);
                bool retryable = code == 429 || code >= 500;
                if (retryable && attempt < policy.MaxRetries && (idempotent || retryAfter is not null))
                {
                    response.Dispose();
                    var delay = retryAfter ?? policy.Backoff.Delay(attempt);
                    listener?.OnTraceIfEnabled($"retrying {_method.Method} {uri} in {delay.TotalMilliseconds:0} ms (status {code})");
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    continue;
                }

                using (response)
                    throw await ErrorFromResponseAsync(response, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (timeoutSource is not null && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timeoutSource.Dispose();
            throw TimeoutError(e);
        }
        catch
        {
            timeoutSource?.Dispose();
            throw;
        }
    }

    private HttpRequestMessage BuildMessage(Uri uri)
    {
        var message = new HttpRequestMessage(_method, uri);
#if NET8_0_OR_GREATER
        message.Version = HttpVersion.Version20;
        message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
#endif
        message.Headers.Accept.ParseAdd(_accept);
        foreach (var h in _headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (_body is not null)
        {
            message.Content = new ByteArrayContent(_body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_contentType ?? "application/json");
        }
        return message;
    }

    private async Task<KubeApiException> ErrorFromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        int code = (int)response.StatusCode;
        string request = Describe();
        byte[] body;
        try
        {
            body = await ReadBoundedAsync(response, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return new KubeApiException(KubeApiException.StatusFromCode(code, null, request), request, e);
        }

        Status? status = TryDecodeStatus(body);
        if (status is null)
        {
            string text = ProtobufEnvelope.HasMagic(body) ? $"(a protobuf body of {body.Length} bytes that is not a Status)" : Encoding.UTF8.GetString(body);
            return new KubeApiException(KubeApiException.StatusFromCode(code, text, request), request);
        }
        status.Code ??= code;
        if (string.IsNullOrEmpty(status.Reason)) status.Reason = StatusReason.FromStatusCode(code);
        if (status.Details is null && RetryAfter(response, TimeSpan.MaxValue) is TimeSpan ra)
            status.Details = new StatusDetails { RetryAfterSeconds = (int)Math.Ceiling(ra.TotalSeconds) };
        return new KubeApiException(status, request);
    }

    internal static Status? TryDecodeStatus(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return null;
        if (ProtobufEnvelope.HasMagic(body))
        {
            try
            {
                var status = KubeProtobufContext.MetaV1Status.Decode(body);
                return status.Kind == "Status" ? status : null;
            }
            catch (ProtobufException)
            {
                return null;
            }
        }
        try
        {
            var status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.MetaV1Status);
            return status is not null && status.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var stream = await ReadStreamAsync(response).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while (buffer.Length < MaxErrorBodyBytes && (read = await stream.ReadAsync(chunk, 0, chunk.Length, ct).ConfigureAwait(false)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    private static Task<Stream> ReadStreamAsync(HttpResponseMessage response) => response.Content.ReadAsStreamAsync();

    private static void ReportWarnings(HttpResponseMessage response, IRequestListener? listener)
    {
        if (listener is null || !response.Headers.TryGetValues("Warning", out var values)) return;
        foreach (var value in values)
            foreach (var text in WarningHeaderParser.Parse(value))
                listener.OnWarning(text);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeSpan max)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = null;
        if (header?.Delta is TimeSpan delta) wait = delta;
        else if (header?.Date is DateTimeOffset date) wait = date - DateTimeOffset.UtcNow;
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > max ? max : wait;
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options;

    /// <summary>True when the failure happened before the request could reach the server (so any verb may retry).</summary>
    private static bool NeverReachedServer(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se &&
                se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain)
                return true;
        }
        return false;
    }

    private static bool IsStreamCut(Exception e) => e is IOException or HttpRequestException;

    private TimeoutException TimeoutError(Exception inner) =>
        new($"{Describe()} to {_client.DescribeServer()} timed out after {_timeout?.TotalSeconds:0.###} s.", inner);

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (!parts.Contains(x.Message)) parts.Add(x.Message);
        return string.Join(": ", parts);
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

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

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

    /// <summary>A response in flight together with the timeout that governs reading it.</summary>
    private sealed class Call : IDisposable
    {
        private CancellationTokenSource? _timeout;

        public Call(HttpResponseMessage response, CancellationTokenSource? timeout, CancellationToken caller)
        {
            Response = response;
            _timeout = timeout;
            Token = timeout?.Token ?? caller;
            Caller = caller;
        }

        public HttpResponseMessage Response { get; }
        public CancellationToken Token { get; private set; }
        public CancellationToken Caller { get; }
        public bool TimedOut => _timeout?.IsCancellationRequested == true && !Caller.IsCancellationRequested;

        public void StopTimeout()
        {
            _timeout?.Dispose();
            _timeout = null;
            Token = Caller;
        }

        public void Dispose()
        {
            Response.Dispose();
            _timeout?.Dispose();
        }
    }

    /// <summary>A response stream that ends its request when disposed.</summary>
    private sealed class OwningStream : Stream
    {
        private readonly Stream _inner;
        private readonly IDisposable _owner;

        public OwningStream(Stream inner, IDisposable owner)
        {
            _inner = inner;
            _owner = owner;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
#if NET8_0_OR_GREATER
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);
#endif
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _owner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

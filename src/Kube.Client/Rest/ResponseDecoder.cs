using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;
using Kube.Client.Models;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// Reads the body of a successful answer: a model in JSON (from the stream) or protobuf (from one
/// pooled buffer), a list item by item, raw bytes or an open stream. Decode failures name the
/// request they answered; a read cut by the request timeout is reported as a timeout.
/// </summary>
internal static class ResponseDecoder
{
    public static Task<T> DecodeJsonAsync<T>(Request request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        DecodeAsync(request, (call, stream, ct) => ReadJsonAsync(call, stream, typeInfo, ct), cancellationToken);

    /// <summary>Protobuf when the server answered in protobuf, JSON otherwise.</summary>
    public static Task<T> DecodeModelAsync<T>(Request request, JsonTypeInfo<T> typeInfo, ProtobufCodec<T> protobuf, CancellationToken cancellationToken) =>
        DecodeAsync(
            request,
            async (call, stream, ct) =>
            {
                if (!MediaTypes.IsProtobuf(call.MediaType)) return await ReadJsonAsync(call, stream, typeInfo, ct).ConfigureAwait(false);
                var (buffer, length) = await ReadPooledAsync(call.Response, stream, ct).ConfigureAwait(false);
                try
                {
                    return protobuf.Decode(new ReadOnlySpan<byte>(buffer, 0, length));
                }
                finally
                {
                    PooledBuffers.Return(buffer);
                }
            },
            cancellationToken);

    /// <summary>Sends <paramref name="request"/> and hands its body to <paramref name="decode"/>, reporting failures with the request.</summary>
    public static async Task<T> DecodeAsync<T>(Request request, Func<ResponseCall, Stream, CancellationToken, ValueTask<T>> decode, CancellationToken cancellationToken)
    {
        using var call = await RequestSender.SendAsync(request, watch: false, cancellationToken).ConfigureAwait(false);
        string what = call.Request.Description;
        try
        {
            using var stream = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return await decode(call, stream, call.Token).ConfigureAwait(false);
        }
        catch (JsonException e) when (e.Message.IndexOf(what, StringComparison.Ordinal) < 0)
        {
            throw new JsonException($"Could not decode the response of {what} as {typeof(T).Name}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (ProtobufException e) when (e.Message.IndexOf(what, StringComparison.Ordinal) < 0)
        {
            throw new ProtobufException($"Could not decode the protobuf response of {what} as {typeof(T).Name}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw call.Request.TimeoutError(e);
        }
    }

    /// <summary>A JSON list decoded item by item (pooled buffers, the whole body never held), returned as one list.</summary>
    public static Task<TList> DecodeListAsync<T, TList>(Request request, JsonTypeInfo<T> itemInfo, JsonTypeInfo<TList> listInfo, CancellationToken cancellationToken)
        where TList : class, IKubeList<T> =>
        DecodeAsync(request, (_, stream, ct) => ReadJsonListAsync(stream, itemInfo, listInfo, ct), cancellationToken);

    /// <summary>
    /// A list decoded item by item as its bytes arrive, in protobuf when the server answered in protobuf
    /// (the list's own fields are read by <paramref name="listProtobuf"/>, as in a whole-body decode),
    /// in JSON otherwise; returned as one list.
    /// </summary>
    public static Task<TList> DecodeListAsync<T, TList>(Request request, JsonTypeInfo<T> itemInfo, JsonTypeInfo<TList> listInfo,
        ProtobufCodec<T> itemProtobuf, ProtobufCodec<TList> listProtobuf, CancellationToken cancellationToken)
        where TList : class, IKubeList<T> =>
        DecodeAsync(
            request,
            async (call, stream, ct) =>
            {
                if (!MediaTypes.IsProtobuf(call.MediaType)) return await ReadJsonListAsync(stream, itemInfo, listInfo, ct).ConfigureAwait(false);
                // The items are kept: sharing their strings leaves fewer objects for the GC to promote.
                await using var reader = new ProtobufListStreamReader<T>(stream, itemProtobuf, shareStrings: true);
                var items = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false)) items.Add(reader.Current);
                var list = listProtobuf.DecodeMessage(reader.ListFields);
                if (reader.ApiVersion.Length > 0) list.ApiVersion = reader.ApiVersion;
                if (reader.Kind.Length > 0) list.Kind = reader.Kind;
                list.Items = items;
                return list;
            },
            cancellationToken);

    private static async ValueTask<TList> ReadJsonListAsync<T, TList>(Stream stream, JsonTypeInfo<T> itemInfo, JsonTypeInfo<TList> listInfo, CancellationToken ct)
        where TList : class, IKubeList<T>
    {
        // The items are kept: sharing their strings leaves fewer objects for the GC to promote.
        await using var reader = new JsonListItemReader<T>(stream, itemInfo, shareStrings: true);
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
    }

    /// <summary>The items of a list answer as they are decoded; <paramref name="list"/> gets the list's metadata as it is read.</summary>
    public static async IAsyncEnumerable<T> ReadItemsAsync<T>(Request request, ListStream<T> list, JsonTypeInfo<T> itemInfo, ProtobufCodec<T>? itemProtobuf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = await RequestSender.SendAsync(request, watch: false, cancellationToken).ConfigureAwait(false);
        using var stream = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        if (itemProtobuf is not null && MediaTypes.IsProtobuf(call.MediaType))
        {
            await using var items = new ProtobufListStreamReader<T>(stream, itemProtobuf);
            while (true)
            {
                bool more = await Guard(items.ReadAsync(call.Token).AsTask(), call, cancellationToken, typeof(T)).ConfigureAwait(false);
                list.Metadata = items.Metadata;
                if (!more) yield break;
                yield return items.Current;
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

    public static async Task<byte[]> ReadRawAsync(Request request, CancellationToken cancellationToken)
    {
        using var call = await RequestSender.SendAsync(request, watch: false, cancellationToken).ConfigureAwait(false);
        try
        {
            using var stream = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, 81920, call.Token).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw call.Request.TimeoutError(e);
        }
    }

    /// <summary>The body as a stream that ends the request when disposed; the timeout covers only the headers.</summary>
    public static async Task<Stream> OpenStreamAsync(Request request, CancellationToken cancellationToken)
    {
        var call = await RequestSender.SendAsync(request, watch: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return new OwningStream(stream, call);
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    private static async ValueTask<T> ReadJsonAsync<T>(ResponseCall call, Stream stream, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        await JsonSerializer.DeserializeAsync(stream, typeInfo, ct).ConfigureAwait(false)
        ?? throw new JsonException($"{call.Request.Description} returned an empty body where {typeof(T).Name} was expected.");

    /// <summary>Awaits a read of a list body, reporting decode errors with the request and timeouts as such.</summary>
    private static async Task<TResult> Guard<TResult>(Task<TResult> read, ResponseCall call, CancellationToken cancellationToken, Type? item = null)
    {
        string what = call.Request.Description;
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (JsonException e) when (e.Message.IndexOf(what, StringComparison.Ordinal) < 0)
        {
            throw new JsonException($"Could not decode the list response of {what}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (ProtobufException e) when (e.Message.IndexOf(what, StringComparison.Ordinal) < 0)
        {
            throw new ProtobufException($"Could not decode the protobuf list response of {what} as {item?.Name} items: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw call.Request.TimeoutError(e);
        }
    }

    /// <summary>The whole body in a buffer rented from the shared pool (the caller returns it), sized by Content-Length when known.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(System.Net.Http.HttpResponseMessage response, Stream stream, CancellationToken ct)
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
                    PooledBuffers.Grow(ref buffer, 0, length);
                }
                int read = await PooledBuffers.ReadAsync(stream, buffer, length, ct).ConfigureAwait(false);
                if (read == 0) return (buffer, length);
                length += read;
            }
        }
        catch
        {
            PooledBuffers.Return(buffer);
            throw;
        }
    }
}

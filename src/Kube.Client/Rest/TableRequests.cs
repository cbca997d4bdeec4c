using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Printing;

namespace Kube.Client.Rest;

/// <summary>
/// Requests answered with the server's table rendering (meta.k8s.io/v1 Table), as kubectl get asks
/// for them: <c>request.AsTable().ListRowsAsync(decode)</c>. Each row's object goes to the decoder
/// the plain request would use, and comes out with its row attached (<see cref="TableRows.Of"/>).
/// A server or aggregated API that renders no tables answers plainly; its objects have no row.
/// Tables are JSON only, whatever the client prefers otherwise.
/// </summary>
public static class TableRequests
{
    /// <summary>Asks for a Table whose rows carry what <paramref name="include"/> says of each object.</summary>
    public static Request AsTable(this Request request, IncludeObjectPolicy include = IncludeObjectPolicy.Object) =>
        (request ?? throw new ArgumentNullException(nameof(request)))
            .Accept(TableJson.Accept)
            .Param(TableJson.IncludeObjectParameter, include.ToString());

    /// <summary>
    /// Sends a list request (asked for as a Table) and yields each row's object as soon as it is
    /// decoded, with its row attached; the stream's metadata carries continue and resourceVersion.
    /// <paramref name="fillItem"/> completes the items of a plain list (given the list's apiVersion and kind).
    /// </summary>
    public static ListStream<T> ListRowsAsync<T>(this Request request, Func<ReadOnlyMemory<byte>, T?> decode, Action<T, string?, string?>? fillItem = null, CancellationToken cancellationToken = default)
        where T : class
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (decode is null) throw new ArgumentNullException(nameof(decode));
        return new ListStream<T>((list, ct) => ReadRowsAsync(request, list, decode, fillItem, ct), cancellationToken);
    }

    /// <summary>Sends a get request (asked for as a Table) and decodes the object of its one row, with the row attached.</summary>
    public static Task<T> GetRowAsync<T>(this Request request, Func<ReadOnlyMemory<byte>, T?> decode, CancellationToken cancellationToken = default)
        where T : class
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (decode is null) throw new ArgumentNullException(nameof(decode));
        return ResponseDecoder.DecodeAsync(request, async (call, body, ct) =>
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, 81920, ct).ConfigureAwait(false);
            TableLayout? layout = null;
            return TableJson.DecodeObject(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), decode, ref layout)
                ?? throw new JsonException($"{call.Request.Description} returned an empty body.");
        }, cancellationToken);
    }

    /// <summary>Starts a watch (asked for as a Table): each event's object with its row; the columns of the first event serve the rest.</summary>
    public static IAsyncEnumerable<WatchEvent<T>> WatchRowsAsync<T>(this Request request, Func<ReadOnlyMemory<byte>, T?> decode, CancellationToken cancellationToken = default)
        where T : class
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (decode is null) throw new ArgumentNullException(nameof(decode));
        TableLayout? layout = null;
        return request.WatchAsync(json => TableJson.DecodeObject(json, decode, ref layout), cancellationToken);
    }

    /// <summary>
    /// Sends a request asked for as a Table and returns its columns alone (ask for one row with
    /// limit=1 and <see cref="IncludeObjectPolicy.None"/> to keep it small); null when the server
    /// renders no table for it.
    /// </summary>
    public static Task<TableLayout?> ReadLayoutAsync(this Request request, CancellationToken cancellationToken = default)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        return ResponseDecoder.DecodeAsync(request, async (_, body, ct) =>
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, 81920, ct).ConfigureAwait(false);
            return TableJson.ReadLayout(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
        }, cancellationToken);
    }

    private static async IAsyncEnumerable<T> ReadRowsAsync<T>(Request request, ListStream<T> list, Func<ReadOnlyMemory<byte>, T?> decode, Action<T, string?, string?>? fillItem,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var call = await RequestSender.SendAsync(request, watch: false, cancellationToken).ConfigureAwait(false);
        using var body = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using var reader = new JsonTableRowReader<T>(body, decode);
        while (true)
        {
            bool more = await Guard(reader.ReadAsync(call.Token).AsTask(), call, cancellationToken).ConfigureAwait(false);
            list.Metadata = reader.Metadata;
            if (!more) yield break;
            if (reader.CurrentRow is null) fillItem?.Invoke(reader.Current, reader.ApiVersion, reader.Kind);
            yield return reader.Current;
        }
    }

    private static async Task<bool> Guard(Task<bool> read, ResponseCall call, CancellationToken cancellationToken)
    {
        string what = call.Request.Description;
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (JsonException e) when (e.Message.IndexOf(what, StringComparison.Ordinal) < 0)
        {
            throw new JsonException($"Could not decode the table response of {what}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
        catch (OperationCanceledException e) when (call.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw call.Request.TimeoutError(e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubeConnectionException($"The table response of {what} from {call.Request.Client.DescribeServer()} was cut: {e.Message}", call.Request.Client.Config.Host, e);
        }
    }
}

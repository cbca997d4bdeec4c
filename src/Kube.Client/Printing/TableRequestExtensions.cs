using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Typed;

namespace Kube.Client.Printing;

/// <summary>
/// Reads, lists and watches objects together with the server's table rendering of them, the
/// columns <c>kubectl get</c> prints (as=Table;v=v1;g=meta.k8s.io with includeObject=Object). The
/// objects come out as the plain calls return them, typed or <see cref="Unstructured"/>, each with its
/// row attached: <see cref="TableRows.Of"/>. A server (or aggregated API) that renders no tables
/// answers plainly; its objects then have no row.
/// </summary>
/// <remarks>Tables are JSON only, whatever wire form the client prefers otherwise.</remarks>
public static class TableRequestExtensions
{
    /// <summary>Lists like ResourceClient.ListItemsAsync, yielding each object with its row as soon as it is read.</summary>
    public static ListStream<T> ListWithRowsAsync<T, TList>(this ResourceClient<T, TList> client, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var info = client.Descriptor.TypeInfo;
        var request = Collection(client).ListOptions(options);
        return Rows(client.RestClient, request, json => JsonSerializer.Deserialize(json.Span, info), null, cancellationToken);
    }

    /// <summary>Reads one object with its row.</summary>
    public static async Task<T> GetWithRowAsync<T, TList>(this ResourceClient<T, TList> client, string name, GetOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to get a {client.Descriptor.Kind}", nameof(name));
        if (client.Descriptor.Namespaced && client.Namespace is null)
            throw new InvalidOperationException($"{client.Descriptor.Kind} \"{name}\" is namespaced: this client was made for all namespaces, so name one.");
        var info = client.Descriptor.TypeInfo;
        var request = Collection(client).Name(name).GetOptions(options);
        return await One(request, json => JsonSerializer.Deserialize(json.Span, info), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Watches like ResourceClient.WatchAsync, each event's object with its row.</summary>
    public static IAsyncEnumerable<WatchEvent<T>> WatchWithRowsAsync<T, TList>(this ResourceClient<T, TList> client, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var info = client.Descriptor.TypeInfo;
        return Watch(Collection(client).ListOptions(options), json => JsonSerializer.Deserialize(json.Span, info), cancellationToken);
    }

    /// <summary>Lists like <see cref="DynamicResourceClient.ListAsync"/>, yielding each object with its row as soon as it is read.</summary>
    public static ListStream<Unstructured> ListWithRowsAsync(this DynamicResourceClient client, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return Rows(client.RestClient, Collection(client).ListOptions(options), json => Unstructured.Parse(json), FillKind, cancellationToken);
    }

    /// <summary>Reads one object with its row.</summary>
    public static async Task<Unstructured> GetWithRowAsync(this DynamicResourceClient client, string name, GetOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to GET a single {client.Resource.GroupResource}", nameof(name));
        return await One(Collection(client).Name(name).GetOptions(options), json => Unstructured.Parse(json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Watches like <see cref="DynamicResourceClient.WatchAsync"/>, each event's object with its row.</summary>
    public static IAsyncEnumerable<WatchEvent<Unstructured>> WatchWithRowsAsync(this DynamicResourceClient client, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return Watch(Collection(client).ListOptions(options), json => Unstructured.Parse(json), cancellationToken);
    }

    /// <summary>Lists every object of the page with its row into one <see cref="UnstructuredList"/> (what a Reflector lists with).</summary>
    public static async Task<UnstructuredList> ListWithRowsWholeAsync(this DynamicResourceClient client, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = client.ListWithRowsAsync(options, cancellationToken);
        var items = new List<Unstructured>();
        await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false)) items.Add(item);
        var list = new UnstructuredList(new System.Text.Json.Nodes.JsonObject(), items);
        list.ResourceVersion = stream.Metadata?.ResourceVersion;
        list.Continue = string.IsNullOrEmpty(stream.Metadata?.Continue) ? null : stream.Metadata!.Continue;
        list.RemainingItemCount = stream.Metadata?.RemainingItemCount;
        return list;
    }

    private static Request Collection<T, TList>(ResourceClient<T, TList> client)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        var d = client.Descriptor;
        return AsTable(client.RestClient.Get().GroupVersion(d.Resource.GroupVersion).Namespace(d.Namespaced ? client.Namespace : null).Resource(d.Resource.Resource));
    }

    private static Request Collection(DynamicResourceClient client) =>
        AsTable(client.RestClient.Get().GroupVersion(client.Resource.GroupVersion).Namespace(client.NamespaceName).Resource(client.Resource.Resource));

    private static Request AsTable(Request request) =>
        request.Accept(TableJson.Accept).Param(TableJson.IncludeObjectParameter, TableJson.IncludeObject);

    private static ListStream<T> Rows<T>(RestClient rest, Request request, Func<ReadOnlyMemory<byte>, T?> decode, Action<T, string?, string?>? fillItem, CancellationToken cancellationToken)
        where T : class =>
        new((list, ct) => ReadRows(rest, request, list, decode, fillItem, ct), cancellationToken);

    private static async IAsyncEnumerable<T> ReadRows<T>(RestClient rest, Request request, ListStream<T> list, Func<ReadOnlyMemory<byte>, T?> decode, Action<T, string?, string?>? fillItem,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var body = await request.StreamAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = new JsonTableReader<T>(body, decode);
        while (true)
        {
            bool more;
            try
            {
                more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new JsonException($"Could not decode the table response of {request.Describe()}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KubeConnectionException($"The table response of {request.Describe()} from {rest.DescribeServer()} was cut: {e.Message}", rest.Config.Host, e);
            }
            list.Metadata = reader.Metadata;
            if (!more) yield break;
            if (reader.CurrentRow is null) fillItem?.Invoke(reader.Current, reader.ApiVersion, reader.Kind);
            yield return reader.Current;
        }
    }

    private static Task<T> One<T>(Request request, Func<ReadOnlyMemory<byte>, T?> decode, CancellationToken cancellationToken)
        where T : class =>
        request.DoAsync(async (body, ct) =>
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, 81920, ct).ConfigureAwait(false);
            TableLayout? layout = null;
            return TableJson.DecodeObject(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), decode, ref layout)
                ?? throw new JsonException($"{request.Describe()} returned an empty body.");
        }, cancellationToken);

    private static IAsyncEnumerable<WatchEvent<T>> Watch<T>(Request request, Func<ReadOnlyMemory<byte>, T?> decode, CancellationToken cancellationToken)
        where T : class
    {
        // A watch sends the columns with its first event only; later events are cells of the same columns.
        TableLayout? layout = null;
        return request.WatchAsync(json => TableJson.DecodeObject(json, decode, ref layout), cancellationToken);
    }

    /// <summary>Items of a plain list lack apiVersion and kind: they take the list's (as UnstructuredList does).</summary>
    private static void FillKind(Unstructured item, string? apiVersion, string? listKind)
    {
        if (string.IsNullOrEmpty(item.ApiVersion) && !string.IsNullOrEmpty(apiVersion)) item.ApiVersion = apiVersion;
        if (string.IsNullOrEmpty(item.Kind) && listKind is { Length: > 4 } k && k.EndsWith("List", StringComparison.Ordinal)) item.Kind = k.Substring(0, k.Length - 4);
    }
}

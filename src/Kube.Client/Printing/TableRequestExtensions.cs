using System;
using System.Collections.Generic;
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
/// columns <c>kubectl get</c> prints (as=Table;v=v1;g=meta.k8s.io). With
/// <see cref="IncludeObjectPolicy.Object"/> the objects come out as the plain calls return them,
/// typed or <see cref="Unstructured"/>, each with its row attached (<see cref="TableRows.Of"/>); with
/// <see cref="IncludeObjectPolicy.Metadata"/> they are the objects' metadata only (PartialObjectMetadata),
/// to match rows to objects read before. A server (or aggregated API) that renders no tables answers
/// plainly; its objects then have no row.
/// </summary>
/// <remarks>
/// A Table costs the server more than the plain answer (it renders every row and converts each
/// object once more) and is JSON only: ask for one when the rows will be shown.
/// </remarks>
public static class TableRequestExtensions
{
    /// <summary>Lists like ResourceClient.ListItemsAsync, yielding each object with its row as soon as it is read.</summary>
    public static ListStream<T> ListWithRowsAsync<T, TList>(this ResourceClient<T, TList> client, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var info = client.Descriptor.TypeInfo;
        return Collection(client).Params(ParameterCodec.Encode(options)).AsTable().ListRowsAsync(json => JsonSerializer.Deserialize(json.Span, info), null, cancellationToken);
    }

    /// <summary>Reads one object with its row.</summary>
    public static Task<T> GetWithRowAsync<T, TList>(this ResourceClient<T, TList> client, string name, GetOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to get a {client.Descriptor.Kind}", nameof(name));
        if (client.Descriptor.Namespaced && client.Namespace is null)
            throw new InvalidOperationException($"{client.Descriptor.Kind} \"{name}\" is namespaced: this client was made for all namespaces, so name one.");
        var info = client.Descriptor.TypeInfo;
        return Collection(client).Name(name).Params(ParameterCodec.Encode(options)).AsTable().GetRowAsync(json => JsonSerializer.Deserialize(json.Span, info), cancellationToken);
    }

    /// <summary>Watches like ResourceClient.WatchAsync, each event's object with its row.</summary>
    public static IAsyncEnumerable<WatchEvent<T>> WatchWithRowsAsync<T, TList>(this ResourceClient<T, TList> client, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        var info = client.Descriptor.TypeInfo;
        return Collection(client).Params(ParameterCodec.Encode(options)).AsTable().WatchRowsAsync(json => JsonSerializer.Deserialize(json.Span, info), cancellationToken);
    }

    /// <summary>Lists like <see cref="DynamicResourceClient.ListAsync"/>, yielding each object with its row as soon as it is read.</summary>
    public static ListStream<Unstructured> ListWithRowsAsync(this DynamicResourceClient client, ListOptions? options = null, IncludeObjectPolicy include = IncludeObjectPolicy.Object,
        CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (include == IncludeObjectPolicy.None) throw new ArgumentException("rows without their object cannot be listed as objects; use ReadTableLayoutAsync for the columns alone", nameof(include));
        return Collection(client).Params(ParameterCodec.Encode(options)).AsTable(include).ListRowsAsync(json => Unstructured.Parse(json), FillKind, cancellationToken);
    }

    /// <summary>Reads one object with its row.</summary>
    public static Task<Unstructured> GetWithRowAsync(this DynamicResourceClient client, string name, GetOptions? options = null, IncludeObjectPolicy include = IncludeObjectPolicy.Object,
        CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to GET a single {client.Resource.GroupResource}", nameof(name));
        if (include == IncludeObjectPolicy.None) throw new ArgumentException("a row without its object cannot be read as an object", nameof(include));
        return Collection(client).Name(name).Params(ParameterCodec.Encode(options)).AsTable(include).GetRowAsync(json => Unstructured.Parse(json), cancellationToken);
    }

    /// <summary>Watches like <see cref="DynamicResourceClient.WatchAsync"/>, each event's object with its row.</summary>
    public static IAsyncEnumerable<WatchEvent<Unstructured>> WatchWithRowsAsync(this DynamicResourceClient client, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return Collection(client).Params(ParameterCodec.Encode(options)).AsTable().WatchRowsAsync(json => Unstructured.Parse(json), cancellationToken);
    }

    /// <summary>Lists every object of the page with its row into one <see cref="UnstructuredList"/> (what a Reflector lists with).</summary>
    public static async Task<UnstructuredList> ListWithRowsWholeAsync(this DynamicResourceClient client, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = client.ListWithRowsAsync(options, IncludeObjectPolicy.Object, cancellationToken);
        var items = new List<Unstructured>();
        await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false)) items.Add(item);
        var list = new UnstructuredList(new System.Text.Json.Nodes.JsonObject(), items);
        list.ResourceVersion = stream.Metadata?.ResourceVersion;
        list.Continue = string.IsNullOrEmpty(stream.Metadata?.Continue) ? null : stream.Metadata!.Continue;
        list.RemainingItemCount = stream.Metadata?.RemainingItemCount;
        return list;
    }

    /// <summary>
    /// The columns the server renders for the resource (one row asked for, no object), whatever its
    /// namespace; null when it renders no table for it (some aggregated APIs).
    /// </summary>
    public static Task<TableLayout?> ReadTableLayoutAsync(this DynamicResourceClient client, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        return Collection(client).Params(ParameterCodec.Encode(new ListOptions { Limit = 1 })).AsTable(IncludeObjectPolicy.None).ReadLayoutAsync(cancellationToken);
    }

    private static Request Collection<T, TList>(ResourceClient<T, TList> client)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        var d = client.Descriptor;
        return client.RestClient.Get().GroupVersion(d.Resource.GroupVersion).Namespace(d.Namespaced ? client.Namespace : null).Resource(d.Resource.Resource);
    }

    private static Request Collection(DynamicResourceClient client) =>
        client.RestClient.Get().GroupVersion(client.Resource.GroupVersion).Namespace(client.NamespaceName).Resource(client.Resource.Resource);

    /// <summary>Items of a plain list lack apiVersion and kind: they take the list's (as UnstructuredList does).</summary>
    private static void FillKind(Unstructured item, string? apiVersion, string? listKind)
    {
        if (string.IsNullOrEmpty(item.ApiVersion) && !string.IsNullOrEmpty(apiVersion)) item.ApiVersion = apiVersion;
        if (string.IsNullOrEmpty(item.Kind) && listKind is { Length: > 4 } k && k.EndsWith("List", StringComparison.Ordinal)) item.Kind = k.Substring(0, k.Length - 4);
    }
}

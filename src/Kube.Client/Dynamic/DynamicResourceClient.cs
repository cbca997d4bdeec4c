using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Dynamic;

/// <summary>
/// The verbs of one resource over <see cref="Unstructured"/> objects (client-go's
/// dynamic.ResourceInterface), in one namespace or cluster-wide. Immutable and thread-safe;
/// <see cref="Namespace"/> returns a new client.
/// </summary>
/// <remarks>
/// <para>Requests go to the namespace of this client, never to the one an object names: a client
/// without a namespace addresses cluster-scoped resources, or every namespace for list, watch and
/// delete-collection. An object that names a namespace other than the client's is refused before
/// anything is sent.</para>
/// <para>Failures come as <see cref="KubeApiException"/> carrying the server's Status (404 NotFound,
/// 409 Conflict with the conflicting fields of an apply in <see cref="KubeApiException.Causes"/>,
/// 422 Invalid with the failing fields...), or <see cref="KubeConnectionException"/> when the server
/// cannot be reached.</para>
/// </remarks>
public sealed class DynamicResourceClient
{
    private readonly RestClient _rest;

    internal DynamicResourceClient(RestClient rest, GroupVersionResource resource, string? @namespace)
    {
        _rest = rest;
        Resource = resource;
        NamespaceName = string.IsNullOrEmpty(@namespace) ? null : @namespace;
    }

    public GroupVersionResource Resource { get; }

    /// <summary>The namespace requests go to; null for cluster-scoped resources or all namespaces.</summary>
    public string? NamespaceName { get; }

    public RestClient RestClient => _rest;

    /// <summary>The same resource in <paramref name="namespace"/> (null or empty: cluster-wide again).</summary>
    public DynamicResourceClient Namespace(string? @namespace) => new(_rest, Resource, @namespace);

    /// <summary>Lists the objects (one page when <see cref="ListOptions.Limit"/> is set; follow <see cref="UnstructuredList.Continue"/>).</summary>
    public Task<UnstructuredList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Collection(_rest.Get()).Params(ParameterCodec.Encode(options)).DoAsync(ReadListAsync, cancellationToken);

    /// <summary>Reads one object, or one of its subresources ("status", "scale").</summary>
    public Task<Unstructured> GetAsync(string name, GetOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Get(), name, subresource).Params(ParameterCodec.Encode(options)).DoAsync(ReadObjectAsync, cancellationToken);

    /// <summary>
    /// Creates <paramref name="obj"/> and returns what the server stored. With a subresource, posts to
    /// that subresource of the object's name instead (such as "eviction").
    /// </summary>
    public Task<Unstructured> CreateAsync(Unstructured obj, CreateOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        CheckNamespace(obj);
        var request = subresource is { Length: > 0 }
            ? Named(_rest.Post(), NameOf(obj, "create a subresource of"), subresource)
            : Collection(_rest.Post());
        return request.Params(ParameterCodec.Encode(options)).Body(obj.ToUtf8Bytes()).DoAsync(ReadObjectAsync, cancellationToken);
    }

    /// <summary>
    /// Replaces the object named by <paramref name="obj"/>'s metadata.name. Send the resourceVersion
    /// you read to fail with 409 Conflict if someone else changed it since.
    /// </summary>
    public Task<Unstructured> UpdateAsync(Unstructured obj, UpdateOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        CheckNamespace(obj);
        return Named(_rest.Put(), NameOf(obj, "update"), subresource).Params(ParameterCodec.Encode(options)).Body(obj.ToUtf8Bytes()).DoAsync(ReadObjectAsync, cancellationToken);
    }

    /// <summary>Replaces the status of the object through its status subresource.</summary>
    public Task<Unstructured> UpdateStatusAsync(Unstructured obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(obj, options, "status", cancellationToken);

    /// <summary>
    /// Patches the object (or a subresource of it) with a JSON patch, a merge patch, a strategic merge
    /// patch (built-in kinds only) or an apply patch (prefer <see cref="ApplyAsync"/>).
    /// </summary>
    public Task<Unstructured> PatchAsync(string name, PatchType type, string patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (patch is null) throw new ArgumentNullException(nameof(patch));
        return Named(_rest.Patch(type), name, subresource).Params(ParameterCodec.Encode(options)).Body(patch, type.ContentType()).DoAsync(ReadObjectAsync, cancellationToken);
    }

    /// <inheritdoc cref="PatchAsync(string, PatchType, string, PatchOptions?, string?, CancellationToken)"/>
    public Task<Unstructured> PatchAsync(string name, PatchType type, JsonNode patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (patch is null) throw new ArgumentNullException(nameof(patch));
        return Named(_rest.Patch(type), name, subresource).Params(ParameterCodec.Encode(options)).Body(UnstructuredJson.ToUtf8Bytes(patch), type.ContentType()).DoAsync(ReadObjectAsync, cancellationToken);
    }

    /// <summary>
    /// Server-side apply: sends <paramref name="obj"/> as the whole intent of
    /// <see cref="ApplyOptions.FieldManager"/>, creating the object if it does not exist. Fields
    /// owned by another manager with another value fail with 409 Conflict, whose causes name the
    /// manager and the fields, unless <see cref="ApplyOptions.Force"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">No field manager, no metadata.name, or metadata.managedFields is set (the server refuses it).</exception>
    public Task<Unstructured> ApplyAsync(Unstructured obj, ApplyOptions options, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrEmpty(options.FieldManager))
            throw new ArgumentException("server-side apply needs a field manager (ApplyOptions.FieldManager): the name that owns the applied fields", nameof(options));
        CheckNamespace(obj);
        string name = NameOf(obj, "apply");
        if (obj.TryGetNestedField(out var managed, "metadata", "managedFields") && managed is not null)
            throw new ArgumentException(
                $"the {obj.Describe()} to apply has metadata.managedFields set, which the server refuses in an apply; remove it (RemoveNestedField(\"metadata\", \"managedFields\")) and send only the fields you mean to own",
                nameof(obj));
        return Named(_rest.Patch(PatchType.Apply), name, subresource)
            .Params(ParameterCodec.Encode(options.ToPatchOptions()))
            .Body(obj.ToUtf8Bytes(), PatchType.Apply.ContentType())
            .DoAsync(ReadObjectAsync, cancellationToken);
    }

    /// <summary>Server-side apply of the status subresource (see <see cref="ApplyAsync"/>).</summary>
    public Task<Unstructured> ApplyStatusAsync(Unstructured obj, ApplyOptions options, CancellationToken cancellationToken = default) =>
        ApplyAsync(obj, options, "status", cancellationToken);

    /// <summary>Deletes the object; <paramref name="options"/> carries preconditions, grace period and propagation.</summary>
    public Task DeleteAsync(string name, DeleteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        var request = Named(_rest.Delete(), name, subresource);
        if (options is not null) request.Body(options, KubeJsonContext.Default.MetaV1DeleteOptions);
        return request.DoAsync(cancellationToken);
    }

    /// <summary>Deletes every object the list options select, in this client's namespace (or everywhere without one).</summary>
    public Task DeleteCollectionAsync(DeleteOptions? options = null, ListOptions? listOptions = null, CancellationToken cancellationToken = default)
    {
        var request = Collection(_rest.Delete()).Params(ParameterCodec.Encode(listOptions));
        if (options is not null) request.Body(options, KubeJsonContext.Default.MetaV1DeleteOptions);
        return request.DoAsync(cancellationToken);
    }

    /// <summary>
    /// Watches the objects: events as they arrive, until the server ends the watch (timeoutSeconds)
    /// or the token is cancelled. An ERROR event ends the stream with a <see cref="KubeApiException"/>
    /// (410 Gone: list again and watch from the new resourceVersion).
    /// </summary>
    public IAsyncEnumerable<WatchEvent<Unstructured>> WatchAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        Collection(_rest.Get()).Params(ParameterCodec.Encode(options)).WatchAsync(json => Unstructured.Parse(json), cancellationToken);

    public override string ToString() => NamespaceName is null ? Resource.ToString() : $"{Resource} in namespace {NamespaceName}";

    private static ValueTask<Unstructured> ReadObjectAsync(Stream body, CancellationToken cancellationToken) =>
        new(Unstructured.ParseAsync(body, cancellationToken));

    private static ValueTask<UnstructuredList> ReadListAsync(Stream body, CancellationToken cancellationToken) =>
        new(UnstructuredList.ParseAsync(body, cancellationToken));

    private Request Collection(Request request) =>
        request.GroupVersion(Resource.GroupVersion).Namespace(NamespaceName).Resource(Resource.Resource);

    private Request Named(Request request, string name, string? subresource)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException($"a name is required to {request.Method.Method} a single {Resource.GroupResource}", nameof(name));
        request = Collection(request).Name(name);
        return subresource is { Length: > 0 } ? request.SubResource(subresource) : request;
    }

    private void CheckNamespace(Unstructured obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        string? fromObject = obj.Namespace;
        if (!string.IsNullOrEmpty(fromObject) && fromObject != NamespaceName)
        {
            throw new ArgumentException(
                NamespaceName is null
                    ? $"the {obj.Describe()} names namespace \"{fromObject}\", but this client of {Resource.GroupResource} has no namespace: call Namespace(\"{fromObject}\") first for a namespaced resource, or remove metadata.namespace for a cluster-scoped one"
                    : $"the {obj.Describe()} is in namespace \"{fromObject}\", but this client works in \"{NamespaceName}\"",
                nameof(obj));
        }
    }

    private string NameOf(Unstructured obj, string verb)
    {
        string? name = obj.Name;
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException($"the {obj.Describe()} has no metadata.name to {verb}", nameof(obj));
        return name!;
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Typed;

/// <summary>
/// The generic typed client every generated resource client wraps (client-go's gentype.Client):
/// each verb is one <see cref="Request"/> on the shared <see cref="RestClient"/>. For a namespaced
/// resource, a null namespace means all namespaces (list and watch only).
/// </summary>
public sealed class ResourceClient<T, TList>
    where T : class, IKubeResource
    where TList : class, IKubeList<T>
{
    private readonly RestClient _rest;

    public ResourceClient(RestClient rest, ResourceDescriptor<T, TList> descriptor, string? @namespace)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        if (!descriptor.Namespaced && !string.IsNullOrEmpty(@namespace))
            throw new ArgumentException($"{descriptor.Resource.GroupResource} is cluster-scoped; it takes no namespace (got \"{@namespace}\").", nameof(@namespace));
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
    }

    public ResourceDescriptor<T, TList> Descriptor { get; }

    /// <summary>The namespace this client works in; null for cluster-scoped resources or all namespaces.</summary>
    public string? Namespace { get; }

    public RestClient RestClient => _rest;

    public Task<TList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        On(_rest.Get(), Namespace).Params(ParameterCodec.Encode(options))
            .DoListAsync(Descriptor.TypeInfo, Descriptor.ListTypeInfo, Descriptor.Protobuf, Descriptor.ListProtobuf, cancellationToken);

    /// <summary>
    /// Lists like <see cref="ListAsync"/>, but yields each item as soon as it is decoded instead of
    /// the whole list at the end: the first item is at hand while the rest is still on the wire, and
    /// the list is never held whole. One request; page with <see cref="ListOptions.Limit"/> and the
    /// stream's <see cref="ListStream{T}.Continue"/> (or <see cref="Pager.ListPager{T, TList}"/>).
    /// </summary>
    public ListStream<T> ListItemsAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        On(_rest.Get(), Namespace).Params(ParameterCodec.Encode(options)).ListItemsAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    public Task<T> GetAsync(string name, GetOptions? options = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Get(), name).Params(ParameterCodec.Encode(options)).DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    public Task<T> CreateAsync(T obj, CreateOptions? options = null, CancellationToken cancellationToken = default) =>
        On(_rest.Post(), NamespaceFor(obj)).Params(ParameterCodec.Encode(options)).Body(Checked(obj), Descriptor.TypeInfo, Descriptor.Protobuf).DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    public Task<T> UpdateAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Put(), NameOf(obj), NamespaceFor(obj)).Params(ParameterCodec.Encode(options)).Body(obj, Descriptor.TypeInfo, Descriptor.Protobuf).DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    public Task<T> UpdateStatusAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Put(), NameOf(obj), NamespaceFor(obj)).SubResource("status").Params(ParameterCodec.Encode(options)).Body(obj, Descriptor.TypeInfo, Descriptor.Protobuf).DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    public Task<T> PatchAsync(string name, PatchType type, string patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (patch is null) throw new ArgumentNullException(nameof(patch));
        var request = Named(_rest.Patch(type), name).Params(ParameterCodec.Encode(options)).Body(patch, type.ContentType());
        if (subresource is { Length: > 0 }) request.SubResource(subresource);
        return request.DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);
    }

    /// <summary>
    /// Server-side apply of <paramref name="obj"/> as the whole intent of <see cref="ApplyOptions.FieldManager"/>
    /// (created if missing). Only the fields set on the model are sent, so build it with just the fields
    /// you mean to own rather than applying an object read from the server. Conflicts with other
    /// managers fail with 409 unless <see cref="ApplyOptions.Force"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">No field manager, no metadata.name, or metadata.managedFields is set.</exception>
    public Task<T> ApplyAsync(T obj, ApplyOptions options, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrEmpty(options.FieldManager))
            throw new ArgumentException("server-side apply needs a field manager (ApplyOptions.FieldManager): the name that owns the applied fields", nameof(options));
        string name = NameOf(obj);
        if (obj.Metadata?.ManagedFields is { Count: > 0 })
            throw new ArgumentException($"the {Descriptor.Kind} \"{name}\" to apply has metadata.managedFields set, which the server refuses in an apply; clear it and send only the fields you mean to own", nameof(obj));
        var request = Named(_rest.Patch(PatchType.Apply), name, NamespaceFor(obj))
            .Params(ParameterCodec.Encode(options.ToPatchOptions()))
            .Body(JsonSerializer.SerializeToUtf8Bytes(obj, Descriptor.TypeInfo), PatchType.Apply.ContentType());
        if (subresource is { Length: > 0 }) request.SubResource(subresource);
        return request.DoAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);
    }

    public Task DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Named(_rest.Delete(), name);
        if (options is not null) request.Body(options, KubeJsonContext.Default.MetaV1DeleteOptions);
        return request.DoAsync(cancellationToken);
    }

    public Task DeleteCollectionAsync(DeleteOptions? options = null, ListOptions? listOptions = null, CancellationToken cancellationToken = default)
    {
        var request = On(_rest.Delete(), Namespace).Params(ParameterCodec.Encode(listOptions));
        if (options is not null) request.Body(options, KubeJsonContext.Default.MetaV1DeleteOptions);
        return request.DoAsync(cancellationToken);
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        On(_rest.Get(), Namespace).Params(ParameterCodec.Encode(options)).WatchAsync(Descriptor.TypeInfo, Descriptor.Protobuf, cancellationToken);

    /// <param name="protobuf">The protobuf form of <typeparamref name="TSub"/>, used when the client prefers protobuf.</param>
    public Task<TSub> GetSubresourceAsync<TSub>(string name, string subresource, JsonTypeInfo<TSub> typeInfo, ProtobufCodec<TSub>? protobuf = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Get(), name).SubResource(subresource).DoAsync(typeInfo, protobuf, cancellationToken);

    public Task<TSub> UpdateSubresourceAsync<TSub>(string name, string subresource, TSub body, JsonTypeInfo<TSub> typeInfo, UpdateOptions? options = null, ProtobufCodec<TSub>? protobuf = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Put(), name).SubResource(subresource).Params(ParameterCodec.Encode(options)).Body(Checked(body), typeInfo, protobuf).DoAsync(typeInfo, protobuf, cancellationToken);

    public Task<TResult> CreateSubresourceAsync<TBody, TResult>(string name, string subresource, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<TResult> resultInfo, CreateOptions? options = null,
        ProtobufCodec<TBody>? bodyProtobuf = null, ProtobufCodec<TResult>? resultProtobuf = null, CancellationToken cancellationToken = default) =>
        Named(_rest.Post(), name).SubResource(subresource).Params(ParameterCodec.Encode(options)).Body(Checked(body), bodyInfo, bodyProtobuf).DoAsync(resultInfo, resultProtobuf, cancellationToken);

    private Request On(Request request, string? @namespace) =>
        request.GroupVersion(Descriptor.Resource.GroupVersion).Namespace(Descriptor.Namespaced ? @namespace : null).Resource(Descriptor.Resource.Resource);

    private Request Named(Request request, string name, string? @namespace = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"a name is required to {request.Method.Method} a {Descriptor.Kind}", nameof(name));
        string? ns = @namespace ?? Namespace;
        if (Descriptor.Namespaced && ns is null)
            throw new InvalidOperationException($"{Descriptor.Kind} \"{name}\" is namespaced: this client was made for all namespaces, so name one.");
        return On(request, ns).Name(name);
    }

    /// <summary>The namespace a write goes to: the client's, which the object must agree with (or leave empty).</summary>
    private string? NamespaceFor(T obj)
    {
        if (!Descriptor.Namespaced) return null;
        string? fromObject = obj.Metadata?.Namespace;
        if (Namespace is null)
        {
            if (string.IsNullOrEmpty(fromObject))
                throw new InvalidOperationException($"{Descriptor.Kind} \"{obj.Metadata?.Name}\" names no namespace and this client was made for all namespaces.");
            return fromObject;
        }
        if (!string.IsNullOrEmpty(fromObject) && fromObject != Namespace)
            throw new ArgumentException($"{Descriptor.Kind} \"{obj.Metadata?.Name}\" is in namespace \"{fromObject}\", but this client works in \"{Namespace}\".", nameof(obj));
        return Namespace;
    }

    private static TBody Checked<TBody>(TBody obj) => obj ?? throw new ArgumentNullException(nameof(obj));

    private string NameOf(T obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        string? name = obj.Metadata?.Name;
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"the {Descriptor.Kind} has no metadata.name to update or apply", nameof(obj));
        return name!;
    }
}

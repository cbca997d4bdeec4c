using System;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Typed;

// TEMP stub: the lead's ResourceClient replaces this file at merge. Only the signatures matter here.
public sealed class ResourceClient<T, TList>
    where T : class, IKubeResource
    where TList : class, IKubeList<T>
{
    public ResourceClient(RestClient rest, ResourceDescriptor<T, TList> descriptor, string? @namespace)
    {
        Rest = rest;
        Descriptor = descriptor;
        Namespace = @namespace;
    }

    public RestClient Rest { get; }
    public ResourceDescriptor<T, TList> Descriptor { get; }
    public string? Namespace { get; }

    public Task<TList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<T> GetAsync(string name, GetOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<T> CreateAsync(T obj, CreateOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<T> UpdateAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<T> UpdateStatusAsync(T obj, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<T> PatchAsync(string name, PatchType type, string patch, PatchOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task DeleteCollectionAsync(DeleteOptions? options = null, ListOptions? listOptions = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<TSub> GetSubresourceAsync<TSub>(string name, string subresource, JsonTypeInfo<TSub> typeInfo, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<TSub> UpdateSubresourceAsync<TSub>(string name, string subresource, TSub body, JsonTypeInfo<TSub> typeInfo, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<TResult> CreateSubresourceAsync<TBody, TResult>(string name, string subresource, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<TResult> resultInfo, CreateOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

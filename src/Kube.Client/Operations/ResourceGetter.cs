using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Typed;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl get with name patterns, over a typed or a dynamic client: the objects a
/// <see cref="GetQuery"/> selects, each as soon as it arrives (lists are paged and streamed), and one
/// failure per exact name that was not read, so the other names are still read.
/// </summary>
public static class ResourceGetter
{
    private static readonly MethodInfo TypedGetMethod =
        typeof(ResourceGetter).GetMethod(nameof(GetTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{nameof(ResourceGetter)}.{nameof(GetTypedAsync)} is missing.");

    private static readonly ConcurrentDictionary<ModelRegistration, TypedGet?> TypedGets = new();

    private delegate IAsyncEnumerable<GetResult<object>> TypedGet(RestClient rest, ModelRegistration model, RestMapping mapping, string? @namespace, GetQuery query, CancellationToken cancellationToken);

    /// <summary>Typed objects; lists stream each object as it is decoded.</summary>
    /// <param name="client">In one namespace, or (namespaced resources) all namespaces for <see cref="GetQuery.AllNamespaces"/>.</param>
    /// <exception cref="ArgumentException">The query names objects exactly and has a selector, in one namespace.</exception>
    public static IAsyncEnumerable<GetResult<T>> GetAsync<T, TList>(ResourceClient<T, TList> client, GetQuery query, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        Check(query);
        var pager = query.WithRows
            ? new ListPager<T, TList>((o, ct) => client.ListWithRowsAsync(o, ct), query.PageSize)
            : new ListPager<T, TList>((o, ct) => client.ListItemsAsync(o, ct), query.PageSize);
        return GetCoreAsync(
            (name, ct) => query.WithRows ? client.GetWithRowAsync(name, cancellationToken: ct) : client.GetAsync(name, cancellationToken: ct),
            (options, ct) => pager.ListAsync(options, ct),
            obj => obj.Metadata?.Name,
            client.Descriptor.Resource.GroupResource,
            query,
            cancellationToken);
    }

    /// <summary>Objects of any resource, custom ones included, as <see cref="Unstructured"/>.</summary>
    /// <param name="client">In one namespace, cluster-wide, or (namespaced resources) all namespaces for <see cref="GetQuery.AllNamespaces"/>.</param>
    /// <exception cref="ArgumentException">The query names objects exactly and has a selector, in one namespace.</exception>
    public static IAsyncEnumerable<GetResult<Unstructured>> GetAsync(DynamicResourceClient client, GetQuery query, CancellationToken cancellationToken = default)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        Check(query);
        var pager = query.WithRows
            ? new ListPager<Unstructured, UnstructuredList>((o, ct) => client.ListWithRowsAsync(o, cancellationToken: ct), query.PageSize)
            : new ListPager<Unstructured, UnstructuredList>((o, ct) => client.ListAsync(o, ct), query.PageSize);
        return GetCoreAsync(
            (name, ct) => query.WithRows ? client.GetWithRowAsync(name, cancellationToken: ct) : client.GetAsync(name, cancellationToken: ct),
            (options, ct) => pager.ListAsync(options, ct),
            obj => obj.Name,
            client.Resource.GroupResource,
            query,
            cancellationToken);
    }

    /// <summary>
    /// Objects of any resource, as a generic cmdlet shows them: the typed model when
    /// <see cref="ModelRegistry"/> has one for the mapping's kind, read by the typed client (each object
    /// decoded once, straight into its model, exactly as <see cref="GetAsync{T, TList}"/> reads it), and
    /// <see cref="Unstructured"/> otherwise (custom resources, versions newer than the models).
    /// </summary>
    /// <param name="namespace">The namespace of a namespaced resource (null: all namespaces, for <see cref="GetQuery.AllNamespaces"/>); null for a cluster-scoped one.</param>
    /// <exception cref="ArgumentException">A namespace for a cluster-scoped resource; or the query names objects exactly and has a selector.</exception>
    public static IAsyncEnumerable<GetResult<object>> GetAsync(RestClient rest, RestMapping mapping, string? @namespace, GetQuery query, CancellationToken cancellationToken = default)
    {
        if (rest is null) throw new ArgumentNullException(nameof(rest));
        if (mapping is null) throw new ArgumentNullException(nameof(mapping));
        if (!mapping.Namespaced && !string.IsNullOrEmpty(@namespace))
            throw new ArgumentException($"{mapping.Resource.GroupResource} is cluster-scoped; it takes no namespace (got \"{@namespace}\").", nameof(@namespace));
        Check(query);
        if (ModelRegistry.TryGet(mapping.GroupVersionKind, out var model) && TypedGetFor(model) is { } typed)
            return typed(rest, model, mapping, @namespace, query, cancellationToken);
        return AsObjectsAsync(GetAsync(new DynamicClient(rest).Resource(mapping.Resource).Namespace(@namespace), query, cancellationToken), cancellationToken);
    }

    /// <summary>The typed read of a model's kind; null for a model that has no list (or is no resource), which the dynamic client reads instead.</summary>
    private static TypedGet? TypedGetFor(ModelRegistration model) => TypedGets.GetOrAdd(model, m =>
    {
        if (m.ListType is not { } listType || !m.Type.IsClass || !typeof(IKubeResource).IsAssignableFrom(m.Type)
            || !typeof(IKubeList<>).MakeGenericType(m.Type).IsAssignableFrom(listType) || !listType.IsClass)
            return null;
        return (TypedGet)TypedGetMethod.MakeGenericMethod(m.Type, listType).CreateDelegate(typeof(TypedGet));
    });

    private static IAsyncEnumerable<GetResult<object>> GetTypedAsync<T, TList>(RestClient rest, ModelRegistration model, RestMapping mapping, string? @namespace, GetQuery query, CancellationToken cancellationToken)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        var descriptor = new ResourceDescriptor<T, TList>(mapping.Resource, mapping.Info.Kind, mapping.Namespaced,
            (JsonTypeInfo<T>)model.TypeInfo, (JsonTypeInfo<TList>)model.ListTypeInfo!, model.Protobuf as ProtobufCodec<T>, model.ListProtobuf as ProtobufCodec<TList>);
        return AsObjectsAsync(GetAsync(new ResourceClient<T, TList>(rest, descriptor, @namespace), query, cancellationToken), cancellationToken);
    }

    private static async IAsyncEnumerable<GetResult<object>> AsObjectsAsync<T>(IAsyncEnumerable<GetResult<T>> results, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return result.Object is { } obj ? GetResult<object>.Found(obj) : GetResult<object>.Failed(result.Name!, result.Error!);
    }

    private static void Check(GetQuery query)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        query.Validate();
    }

    private static async IAsyncEnumerable<GetResult<T>> GetCoreAsync<T>(
        Func<string, CancellationToken, Task<T>> get,
        Func<ListOptions, CancellationToken, IAsyncEnumerable<T>> list,
        Func<T, string?> nameOf,
        GroupResource resource,
        GetQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        foreach (var name in query.Names)
        {
            if (query.AllNamespaces)
            {
                // Across namespaces a name is not unique: list every namespace's object of that name instead of a GET.
                bool found = false;
                var byName = new ListOptions { LabelSelector = query.LabelSelector, FieldSelector = JoinFieldSelectors(query.FieldSelector, "metadata.name=" + name) };
                await foreach (var obj in list(byName, cancellationToken).ConfigureAwait(false))
                {
                    found = true;
                    yield return GetResult<T>.Found(obj);
                }
                if (!found) yield return GetResult<T>.Failed(name, NotFoundInAnyNamespace(resource, name));
                continue;
            }
            T? read = null;
            KubeApiException? failure = null;
            try
            {
                read = await get(name, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e)
            {
                failure = e;
            }
            yield return read is not null ? GetResult<T>.Found(read) : GetResult<T>.Failed(name, failure!);
        }
        if (!query.NeedsList) yield break;

        var options = new ListOptions { LabelSelector = query.LabelSelector, FieldSelector = query.FieldSelector };
        var pattern = query.NamePattern;
        await foreach (var obj in list(options, cancellationToken).ConfigureAwait(false))
        {
            if (pattern is null || (nameOf(obj) is { } n && pattern(n)))
                yield return GetResult<T>.Found(obj);
        }
    }

    /// <summary>Joins field selectors with a comma (all must hold); null when both are empty.</summary>
    public static string? JoinFieldSelectors(string? first, string? second) =>
        string.IsNullOrEmpty(first) ? (string.IsNullOrEmpty(second) ? null : second)
        : string.IsNullOrEmpty(second) ? first : first + "," + second;

    private static KubeApiException NotFoundInAnyNamespace(GroupResource resource, string name) => new(new Status
    {
        Code = 404,
        Reason = StatusReason.NotFound,
        StatusValue = "Failure",
        Message = $"{resource} \"{name}\" not found in any namespace",
        Details = new StatusDetails { Name = name, Group = resource.Group, Kind = resource.Resource },
    });
}

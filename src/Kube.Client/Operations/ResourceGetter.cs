using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Pager;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Typed;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl get with name patterns, over a typed or a dynamic client: the objects a
/// <see cref="GetQuery"/> selects, each as soon as it arrives (lists are paged and streamed), and one
/// failure per exact name that was not read, so the other names are still read.
/// </summary>
public static class ResourceGetter
{
    /// <summary>Typed objects; lists stream each object as it is decoded.</summary>
    /// <param name="client">In one namespace, or (namespaced resources) all namespaces for <see cref="GetQuery.AllNamespaces"/>.</param>
    /// <exception cref="ArgumentException">The query names objects exactly and has a selector, in one namespace.</exception>
    public static IAsyncEnumerable<GetResult<T>> GetAsync<T, TList>(ResourceClient<T, TList> client, GetQuery query, CancellationToken cancellationToken = default)
        where T : class, IKubeResource
        where TList : class, IKubeList<T>
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        Check(query);
        var pager = new ListPager<T, TList>((o, ct) => client.ListItemsAsync(o, ct), query.PageSize);
        return GetCoreAsync(
            (name, ct) => client.GetAsync(name, cancellationToken: ct),
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
        var pager = new ListPager<Unstructured, UnstructuredList>((o, ct) => client.ListAsync(o, ct), query.PageSize);
        return GetCoreAsync(
            (name, ct) => client.GetAsync(name, cancellationToken: ct),
            (options, ct) => pager.ListAsync(options, ct),
            obj => obj.Name,
            client.Resource.GroupResource,
            query,
            cancellationToken);
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

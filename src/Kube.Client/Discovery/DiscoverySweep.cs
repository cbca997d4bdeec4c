using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// The sweeps over every group version, written once over the two primitives of
/// <see cref="IDiscoveryClient"/> so the live and the cached client share them.
/// </summary>
internal static class DiscoverySweep
{
    public static async Task<DiscoveredResources> GroupsAndResourcesAsync(IDiscoveryClient client, int maxParallelism, CancellationToken cancellationToken)
    {
        var groups = await client.ServerGroupsAsync(cancellationToken).ConfigureAwait(false);
        var groupList = groups.Groups ?? new List<APIGroup>();
        var (lists, failed) = await FetchAllAsync(client, GroupVersionsOf(groupList), maxParallelism, cancellationToken).ConfigureAwait(false);
        var found = new List<APIResourceList>();
        foreach (var gv in GroupVersionsOf(groupList))
            if (lists.TryGetValue(gv, out var list)) found.Add(list);
        return new DiscoveredResources(groupList, found, failed);
    }

    /// <summary>
    /// Keeps each group/resource once: at the preferred version when that version serves it,
    /// otherwise at the first version (in the server's order) that does. Subresources are dropped.
    /// </summary>
    public static async Task<DiscoveredResources> PreferredResourcesAsync(IDiscoveryClient client, int maxParallelism, bool namespacedOnly, CancellationToken cancellationToken)
    {
        var all = await GroupsAndResourcesAsync(client, maxParallelism, cancellationToken).ConfigureAwait(false);
        var byGroupVersion = new Dictionary<GroupVersion, APIResourceList>();
        foreach (var list in all.ResourceLists)
            byGroupVersion[DiscoveredResources.ParseListGroupVersion(list)] = list;

        var chosen = new Dictionary<GroupResource, (GroupVersion Version, APIResource Resource)>();
        var order = new List<GroupResource>();
        foreach (var group in all.Groups)
        {
            string name = group.Name ?? "";
            string? preferred = group.PreferredVersion?.Version;
            foreach (var gv in VersionsOf(group))
            {
                if (!byGroupVersion.TryGetValue(gv, out var list) || list.Resources is null) continue;
                foreach (var resource in list.Resources)
                {
                    if (string.IsNullOrEmpty(resource.Name) || resource.Name!.IndexOf('/') >= 0) continue;
                    var key = new GroupResource(name, resource.Name);
                    if (chosen.ContainsKey(key))
                    {
                        if (gv.Version != preferred) continue;
                    }
                    else
                    {
                        order.Add(key);
                    }
                    chosen[key] = (gv, resource);
                }
            }
        }

        var lists = new List<APIResourceList>();
        var listsByVersion = new Dictionary<GroupVersion, APIResourceList>();
        foreach (var gv in GroupVersionsOf(all.Groups))
        {
            if (!byGroupVersion.ContainsKey(gv)) continue;
            var list = new APIResourceList { GroupVersion = gv.ApiVersion, Resources = new List<APIResource>() };
            listsByVersion[gv] = list;
            lists.Add(list);
        }
        foreach (var key in order)
        {
            var (gv, resource) = chosen[key];
            if (namespacedOnly && resource.Namespaced != true) continue;
            listsByVersion[gv].Resources!.Add(resource);
        }
        return new DiscoveredResources(all.Groups, lists.Where(l => l.Resources!.Count > 0).ToList(), all.FailedGroupVersions);
    }

    public static IEnumerable<GroupVersion> GroupVersionsOf(IEnumerable<APIGroup> groups) => groups.SelectMany(VersionsOf);

    private static IEnumerable<GroupVersion> VersionsOf(APIGroup group)
    {
        if (group.Versions is null) yield break;
        foreach (var v in group.Versions)
            if (!string.IsNullOrEmpty(v.Version)) yield return new GroupVersion(group.Name ?? "", v.Version!);
    }

    private static async Task<(Dictionary<GroupVersion, APIResourceList> Lists, Dictionary<GroupVersion, Exception> Failed)> FetchAllAsync(
        IDiscoveryClient client, IEnumerable<GroupVersion> groupVersions, int maxParallelism, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<GroupVersion, APIResourceList>();
        var failed = new Dictionary<GroupVersion, Exception>();
        using var gate = new SemaphoreSlim(Math.Max(1, maxParallelism));
        var tasks = groupVersions.Distinct().Select(async gv =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var list = await client.ServerResourcesForGroupVersionAsync(gv, cancellationToken).ConfigureAwait(false);
                lock (lists) lists[gv] = list;
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                lock (lists) failed[gv] = e;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return (lists, failed);
    }
}

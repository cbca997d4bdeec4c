using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Operations;

/// <summary>
/// Reads Events for a namespace, for the cluster, or about given objects (matched by the uid of the
/// object they regard, as kubectl describe matches them), oldest first by the time last seen
/// (<see cref="EventTimes"/>), through either <see cref="EventApi"/>.
/// </summary>
/// <remarks>
/// Events about a few objects of one namespace are fetched with a field selector on the uid each;
/// about more (<see cref="UidSelectorLimit"/>), the namespace's events are listed once and filtered
/// here. Events about a cluster-scoped object (a Node) may sit in any namespace, so those are looked
/// up across all namespaces.
/// </remarks>
public sealed class EventQuery
{
    private readonly Clientset _clientset;

    public EventQuery(Clientset clientset, EventApi api = EventApi.CoreV1)
    {
        _clientset = clientset ?? throw new ArgumentNullException(nameof(clientset));
        Api = api;
    }

    public EventApi Api { get; }

    /// <summary>Above this many objects in one namespace, list the namespace once instead of once per object.</summary>
    public int UidSelectorLimit { get; set; } = 5;

    /// <summary>The field that holds the uid of the object an event regards, in <see cref="Api"/>'s terms.</summary>
    public string UidField => Api == EventApi.CoreV1 ? "involvedObject.uid" : "regarding.uid";

    /// <summary>The events of a namespace (null or empty: of all namespaces), oldest first.</summary>
    /// <param name="fieldSelector">An extra field selector (type=Warning, reason=...), or null.</param>
    /// <returns><see cref="Models.CoreV1.Event"/> or <see cref="Models.EventsV1.Event"/> objects, as <see cref="Api"/> serves them.</returns>
    public async Task<IReadOnlyList<IKubeResource>> ListAsync(string? @namespace, string? fieldSelector = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var items = await ListRawAsync(@namespace, fieldSelector, labelSelector, cancellationToken).ConfigureAwait(false);
        return Sort<IKubeResource>(items);
    }

    /// <summary>
    /// The events about <paramref name="subjects"/> (each named by its uid and, for a namespaced
    /// object, its namespace), oldest first; each event once.
    /// </summary>
    /// <exception cref="ArgumentException">A subject has no uid.</exception>
    /// <param name="fieldSelector">An extra field selector (type=Warning, reason=...), or null.</param>
    public async Task<IReadOnlyList<IKubeResource>> ForObjectsAsync(IEnumerable<ObjectReference> subjects, string? fieldSelector = null, CancellationToken cancellationToken = default)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        var byNamespace = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            if (string.IsNullOrEmpty(subject.Uid))
                throw new ArgumentException($"the {subject.Kind} {subject.Name} has no metadata.uid (it was not read from the server), so its events cannot be matched", nameof(subjects));
            string ns = subject.Namespace ?? "";
            if (!byNamespace.TryGetValue(ns, out var uids)) byNamespace[ns] = uids = new HashSet<string>(StringComparer.Ordinal);
            uids.Add(subject.Uid!);
        }

        var found = new Dictionary<string, IKubeResource>(StringComparer.Ordinal);
        foreach (var pair in byNamespace)
        {
            string? ns = pair.Key.Length == 0 ? null : pair.Key;
            IEnumerable<IKubeResource> items;
            if (pair.Value.Count > UidSelectorLimit)
            {
                var all = await ListRawAsync(ns, fieldSelector, null, cancellationToken).ConfigureAwait(false);
                items = all.Where(e => SubjectUid(e) is { } uid && pair.Value.Contains(uid));
            }
            else
            {
                var perUid = new List<IKubeResource>();
                foreach (var uid in pair.Value)
                    perUid.AddRange(await ListRawAsync(ns, Combine(UidField + "=" + uid, fieldSelector), null, cancellationToken).ConfigureAwait(false));
                items = perUid;
            }
            foreach (var e in items)
                found[ObjectMetaAccessor.MetaNamespaceKey(e)] = e;
        }
        return Sort<IKubeResource>(found.Values);
    }

    /// <summary>The uid of the object an event of either API regards.</summary>
    public static string? SubjectUid(object e) => e switch
    {
        Models.CoreV1.Event core => core.InvolvedObject?.Uid,
        Models.EventsV1.Event events => events.Regarding?.Uid,
        _ => null,
    };

    /// <summary>
    /// Oldest first by the time last seen (events of either API, typed or <see cref="Unstructured"/>);
    /// events without any time first; then by namespace and name.
    /// </summary>
    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> events)
        where T : class =>
        events.OrderBy(e => EventTimes.LastSeen(e) ?? DateTimeOffset.MinValue)
            .ThenBy(e => ObjectMetaAccessor.MetaNamespaceKey(e), StringComparer.Ordinal)
            .ToList();

    private static string Combine(string a, string? b) => string.IsNullOrEmpty(b) ? a : a + "," + b;

    private async Task<List<IKubeResource>> ListRawAsync(string? @namespace, string? fieldSelector, string? labelSelector, CancellationToken cancellationToken)
    {
        var options = new ListOptions { FieldSelector = fieldSelector, LabelSelector = labelSelector };
        string ns = @namespace ?? "";
        if (Api == EventApi.CoreV1)
            return await ListAllPagesAsync(_clientset.CoreV1().Events(ns).ListItemsAsync, options, cancellationToken).ConfigureAwait(false);
        return await ListAllPagesAsync(_clientset.EventsV1().Events(ns).ListItemsAsync, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<IKubeResource>> ListAllPagesAsync<T>(Func<ListOptions, CancellationToken, ListStream<T>> stream, ListOptions options, CancellationToken cancellationToken)
        where T : class, IKubeResource
    {
        var result = new List<IKubeResource>();
        var pager = new Pager.ListPager<T, IKubeList<T>>(stream);
        await foreach (var item in pager.ListAsync(options, cancellationToken).ConfigureAwait(false))
            result.Add(item);
        return result;
    }
}

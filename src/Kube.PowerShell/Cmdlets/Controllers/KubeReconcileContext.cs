using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Record;
using Kube.PowerShell.Connection;
using Kube.PowerShell.Objects;

namespace Kube.PowerShell.Cmdlets.Controllers;

/// <summary>
/// What a reconcile scriptblock of Start-KubeController gets as $Kube (and its second argument): the
/// key, the object of the primary kind from the cache (null when it does not exist), the other watched
/// kinds' caches, and the connection.
/// </summary>
public sealed class KubeReconcileContext
{
    private readonly IReadOnlyList<WatchedCache> _caches;

    internal KubeReconcileContext(string key, int attempt, KubeConnection connection, IReadOnlyList<WatchedCache> caches, IDictionary<string, object?> state, IEventRecorder recorder)
    {
        Recorder = recorder;
        Key = key;
        (Namespace, Name) = Split(key);
        Attempt = attempt;
        Connection = connection;
        _caches = caches;
        State = state;
        var primary = caches[0];
        Kind = primary.Kind;
        Object = primary.Informer.GetIndexer().GetByKey(key) is { } obj ? ResourceOutput.For(obj) : null;
    }

    /// <summary>"namespace/name", or "name" for cluster-scoped objects.</summary>
    public string Key { get; }

    /// <summary>The key's namespace; "" for a cluster-scoped key.</summary>
    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The kind of <see cref="Object"/>: the first -Kind, or the first -Watch entry keyed by Self.</summary>
    public string Kind { get; }

    /// <summary>The key's object of the primary kind as the cache holds it now (typed when a model exists); null when it does not exist (deleted).</summary>
    public object? Object { get; }

    /// <summary>1 for the first try of this key, 2 for its first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>The cluster connection: Clientset, Dynamic, Mapper, ContextName, DefaultNamespace.</summary>
    public KubeConnection Connection { get; }

    /// <summary>The -Context in use (null for in-cluster config), to pass to other cmdlets.</summary>
    public string? ContextName => Connection.ContextName;

    /// <summary>A thread-safe table shared by every reconcile of this controller (and every worker).</summary>
    public IDictionary<string, object?> State { get; }

    /// <summary>Records events as the controller (-ControllerName is their source); the library's recorder, for Eventf and annotations.</summary>
    public IEventRecorder Recorder { get; }

    /// <summary>
    /// Records an event about the object being reconciled (<see cref="Object"/>), as sample-controller
    /// records one per sync: type Normal or Warning, a short UpperCamelCase reason, a message. Returns at
    /// once; repeats are counted on one event rather than written again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The object no longer exists.</exception>
    /// <exception cref="ArgumentException">The type is neither Normal nor Warning, or the reason is empty.</exception>
    public void RecordEvent(string type, string reason, string message)
    {
        if (Object is null)
            throw new InvalidOperationException($"The {Kind} {Key} no longer exists, so no event can be recorded about it; name another object: $Kube.RecordEvent($object, '{type}', '{reason}', 'message').");
        Recorder.Event(Object, type, reason, message);
    }

    /// <summary>Records an event about <paramref name="obj"/>: any object from the caches, Get-KubeResource or the server.</summary>
    /// <exception cref="ArgumentException">The object is no Kubernetes object with a kind and name, the type is neither Normal nor Warning, or the reason is empty.</exception>
    public void RecordEvent(object obj, string type, string reason, string message)
    {
        if (obj is System.Management.Automation.PSObject ps) obj = ps.BaseObject;
        if (obj is Watch.KubeResourceEvent change) obj = change.Object;
        Recorder.Event(obj, type, reason, message);
    }

    /// <summary>An object of a watched kind from its cache (no request); null when absent. Kind as given to -Kind/-Watch, or its kind name.</summary>
    /// <exception cref="ArgumentException">The kind is not watched.</exception>
    public object? Get(string kind, string @namespace, string name)
    {
        var cache = Cache(kind);
        string key = string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name;
        return cache.Informer.GetIndexer().GetByKey(key) is { } obj ? ResourceOutput.For(obj) : null;
    }

    /// <summary>The cached objects of a watched kind, in one namespace or (null) all.</summary>
    /// <exception cref="ArgumentException">The kind is not watched.</exception>
    public object[] List(string kind, string? @namespace = null)
    {
        var indexer = Cache(kind).Informer.GetIndexer();
        var items = string.IsNullOrEmpty(@namespace) ? indexer.List() : indexer.ByIndex(CacheKeys.NamespaceIndex, @namespace!);
        return items.Select(ResourceOutput.For).ToArray();
    }

    private WatchedCache Cache(string kind) =>
        _caches.FirstOrDefault(c => c.Matches(kind))
        ?? throw new ArgumentException($"{kind} is not watched by this controller; watched: {string.Join(", ", _caches.Select(c => c.Kind).Distinct())}.", nameof(kind));

    private static (string, string) Split(string key)
    {
        int slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key.Substring(0, slash), key.Substring(slash + 1));
    }

    public override string ToString() => $"{Kind} {Key} (attempt {Attempt})";

    /// <summary>One watched kind's informer and the names it answers to.</summary>
    internal sealed class WatchedCache
    {
        public WatchedCache(string given, string kind, string resource, SharedIndexInformer<Unstructured> informer, Func<object, IEnumerable<string>> keyFunc)
        {
            Given = given;
            Kind = kind;
            Resource = resource;
            Informer = informer;
            KeyFunc = keyFunc;
        }

        public string Given { get; }

        public string Kind { get; }

        public string Resource { get; }

        public SharedIndexInformer<Unstructured> Informer { get; }

        /// <summary>Which keys a change of one of its objects queues.</summary>
        public Func<object, IEnumerable<string>> KeyFunc { get; }

        public bool Matches(string kind) =>
            string.Equals(kind, Given, StringComparison.OrdinalIgnoreCase) || string.Equals(kind, Kind, StringComparison.OrdinalIgnoreCase) || string.Equals(kind, Resource, StringComparison.OrdinalIgnoreCase);
    }
}

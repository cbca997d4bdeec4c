using System.Collections.Generic;
using System.Linq;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;

namespace Kube.Client.Tests.Cache;

/// <summary>Records what an informer tells it, as lines such as "add default/a v=1 initial".</summary>
public sealed class RecordingHandler : IResourceEventHandler<ConfigMap>
{
    private readonly List<string> _events = new();

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events) return _events.ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_events) return _events.Count;
        }
    }

    public List<object> Deleted { get; } = new();

    public void OnAdd(ConfigMap obj, bool isInInitialList) => Record($"add {Describe(obj)}{(isInInitialList ? " initial" : "")}");

    public void OnUpdate(ConfigMap oldObj, ConfigMap newObj) =>
        Record(oldObj.Metadata!.ResourceVersion == newObj.Metadata!.ResourceVersion
            ? $"resync {Describe(newObj)}"
            : $"update {Describe(oldObj)} -> v={newObj.Data!["v"]}");

    public void OnDelete(object obj)
    {
        lock (_events) Deleted.Add(obj);
        Record(obj is DeletedFinalStateUnknown<ConfigMap> tombstone ? $"delete {tombstone.Key} tombstone" : $"delete {Describe((ConfigMap)obj)}");
    }

    public IReadOnlyList<string> Matching(string prefix) => Events.Where(e => e.StartsWith(prefix, System.StringComparison.Ordinal)).ToList();

    private void Record(string line)
    {
        lock (_events) _events.Add(line);
    }

    private static string Describe(ConfigMap obj) => $"{obj.Metadata!.Namespace}/{obj.Metadata.Name} v={obj.Data!["v"]}";
}

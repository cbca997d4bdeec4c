using System.Text.Json.Nodes;
using Kube.Client.Models;

namespace Kube.Client.Apply;

/// <summary>
/// Decides whether an apply created, configured or left an object unchanged, from the object as
/// it was before (null when the server answered 404) and as the apply returned it.
/// </summary>
/// <remarks>
/// <para>Created: there was no object before. Unchanged: the server stored nothing new, which
/// it shows by keeping the resourceVersion (a no-op apply is not written to etcd). Configured:
/// anything else, an ownership change alone included, since that is stored too.</para>
/// <para>A server dry run never changes the resourceVersion, so there the classifier compares
/// the object the server would store with the stored one, ignoring the resourceVersion and the
/// timestamps of metadata.managedFields (which a dry run refreshes even when nothing changes).</para>
/// </remarks>
public static class ApplyResultClassifier
{
    public static ApplyAction Classify(Unstructured? before, Unstructured after, bool dryRun)
    {
        if (after is null) throw new System.ArgumentNullException(nameof(after));
        if (before is null) return ApplyAction.Created;
        if (!dryRun)
            return before.ResourceVersion is { Length: > 0 } rv && rv == after.ResourceVersion ? ApplyAction.Unchanged : ApplyAction.Configured;
        return UnstructuredJson.DeepEquals(Comparable(before).Content, Comparable(after).Content) ? ApplyAction.Unchanged : ApplyAction.Configured;
    }

    private static Unstructured Comparable(Unstructured obj)
    {
        var copy = obj.DeepCopy();
        copy.RemoveNestedField("metadata", "resourceVersion");
        if (copy.NestedField("metadata", "managedFields") is JsonArray entries)
            foreach (var entry in entries)
                if (entry is JsonObject o) o.Remove("time");
        return copy;
    }
}

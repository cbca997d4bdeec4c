using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Wait;

/// <summary>
/// The oldest state of one object a wait may judge: what the server held when the wait began. A shared
/// informer that has run for a while (kept warm for the next command) can still show the state from
/// before the caller's last change, and a condition that held then would end the wait at once:
/// <c>Set-KubeResource …; Wait-KubeResource …</c> would return before the change took effect.
/// </summary>
/// <remarks>
/// resourceVersions are compared as numbers, which is what etcd gives them. A server whose versions do not
/// parse as numbers gets no check (every state is judged, as before).
/// </remarks>
public sealed class CacheFreshness
{
    private readonly ulong _floor;
    private readonly bool _comparable;

    /// <param name="resourceVersion">The object's resourceVersion when it exists, else the resourceVersion of a list that did not have it.</param>
    /// <param name="exists">Whether the server held the object then.</param>
    public CacheFreshness(string? resourceVersion, bool exists)
    {
        ResourceVersion = resourceVersion;
        Exists = exists;
        _comparable = TryParse(resourceVersion, out _floor);
    }

    /// <summary>The object's resourceVersion, or the list's when the object was absent.</summary>
    public string? ResourceVersion { get; }

    /// <summary>Whether the server held the object when the wait began.</summary>
    public bool Exists { get; }

    /// <summary>
    /// Reads the object as the server holds it now: a list by name rather than a get, so that an absent
    /// object still gives a version to compare with (the list's).
    /// </summary>
    /// <exception cref="Rest.KubeApiException">The server refused the list.</exception>
    public static async Task<CacheFreshness> ReadAsync(DynamicResourceClient client, string name, CancellationToken cancellationToken)
    {
        if (client is null) throw new ArgumentNullException(nameof(client));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a name is required", nameof(name));
        var list = await client.ListAsync(new ListOptions { FieldSelector = "metadata.name=" + name }, cancellationToken).ConfigureAwait(false);
        foreach (var item in list.Items)
        {
            if (item.Name == name) return new CacheFreshness(item.ResourceVersion, exists: true);
        }
        return new CacheFreshness(list.ResourceVersion, exists: false);
    }

    /// <summary>
    /// Whether <paramref name="cached"/> (null: absent from the cache) is no older than this state.
    /// <paramref name="informerResourceVersion"/> is the informer's last synced version: an object absent
    /// from the cache though it existed is fresh only once the informer has seen past its version (it was
    /// deleted since), not when the informer has not seen it yet.
    /// </summary>
    public bool IsFresh(Unstructured? cached, string? informerResourceVersion)
    {
        if (!_comparable) return true;
        if (cached is not null) return !TryParse(cached.ResourceVersion, out var version) || version >= _floor;
        if (!Exists) return true;
        return TryParse(informerResourceVersion, out var seen) && seen >= _floor;
    }

    public override string ToString() => Exists ? $"the object at resourceVersion {ResourceVersion}" : $"no object at resourceVersion {ResourceVersion}";

    private static bool TryParse(string? resourceVersion, out ulong value)
    {
        value = 0;
        return !string.IsNullOrEmpty(resourceVersion) && ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// Discovery answered from memory and, when given a folder, from disk in kubectl's layout
/// (client-go's disk.CachedDiscoveryClient): <c>servergroups.json</c> and
/// <c>GROUP/VERSION/serverresources.json</c>. Answers older than the TTL are fetched again.
/// Files are replaced atomically (a temporary file renamed over the old one), so kubectl and
/// other processes can share the folder; a file that cannot be read is ignored (with a trace)
/// and rewritten. A failed group version is never cached. Server version and OpenAPI go
/// straight to the server. Thread-safe.
/// </summary>
public sealed class CachedDiscoveryClient : ICachedDiscoveryClient
{
    private const string GroupsFile = "servergroups.json";
    private const string ResourcesFile = "serverresources.json";
    private static readonly Regex SafeSegment = new("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", RegexOptions.CultureInvariant);

    private readonly IDiscoveryClient _server;
    private readonly CachedDiscoveryOptions _options;
    private readonly ConcurrentDictionary<string, Entry> _memory = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private bool _fresh = true;
    private bool _invalidated;
    private long _generation;

    public CachedDiscoveryClient(IDiscoveryClient server, CachedDiscoveryOptions? options = null)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _options = (options ?? new CachedDiscoveryOptions()).Validated();
    }

    /// <summary>
    /// Discovery for <paramref name="rest"/>'s server, cached in kubectl's folder for it
    /// (<see cref="DiscoveryCacheDirectory.ForServer"/>) for <paramref name="ttl"/> (default 6 hours).
    /// </summary>
    public static CachedDiscoveryClient ForServer(RestClient rest, TimeSpan? ttl = null, string? cacheRoot = null)
    {
        if (rest is null) throw new ArgumentNullException(nameof(rest));
        return new CachedDiscoveryClient(new DiscoveryClient(rest), new CachedDiscoveryOptions
        {
            CacheDirectory = DiscoveryCacheDirectory.ForServer(rest.Config.Host, cacheRoot),
            Ttl = ttl ?? CachedDiscoveryOptions.DefaultTtl,
        });
    }

    /// <summary>The client that answers misses.</summary>
    public IDiscoveryClient Server => _server;

    /// <summary>The folder of the disk cache; null for a memory-only cache.</summary>
    public string? CacheDirectory => _options.CacheDirectory;

    public TimeSpan Ttl => _options.Ttl;

    public bool Fresh
    {
        get { lock (_lock) return _fresh; }
    }

    /// <summary>
    /// Drops what is in memory and stops trusting files this client did not write itself since:
    /// every answer is fetched again (and rewritten to disk) on its next use.
    /// </summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _memory.Clear();
            _invalidated = true;
            _fresh = true;
            _generation++;
        }
    }

    public Task<Models.Version.Info> ServerVersionAsync(CancellationToken cancellationToken = default) =>
        _server.ServerVersionAsync(cancellationToken);

    public Task<APIGroupList> ServerGroupsAsync(CancellationToken cancellationToken = default) =>
        GetAsync(GroupsFile, "the server's API groups", KubeJsonContext.Default.MetaV1APIGroupList,
            g => g.Groups is not null, ct => _server.ServerGroupsAsync(ct), cancellationToken);

    public Task<APIResourceList> ServerResourcesForGroupVersionAsync(GroupVersion groupVersion, CancellationToken cancellationToken = default)
    {
        string key = groupVersion.Group.Length == 0
            ? Path.Combine(groupVersion.Version, ResourcesFile)
            : Path.Combine(groupVersion.Group, groupVersion.Version, ResourcesFile);
        bool diskSafe = (groupVersion.Group.Length == 0 || SafeSegment.IsMatch(groupVersion.Group)) && SafeSegment.IsMatch(groupVersion.Version);
        return GetAsync(key, "the resources of " + groupVersion.ApiVersion, KubeJsonContext.Default.MetaV1APIResourceList,
            l => l.GroupVersion == groupVersion.ApiVersion,
            ct => _server.ServerResourcesForGroupVersionAsync(groupVersion, ct), cancellationToken, diskSafe);
    }

    public Task<DiscoveredResources> ServerGroupsAndResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.GroupsAndResourcesAsync(this, _options.MaxParallelism, cancellationToken);

    public Task<DiscoveredResources> ServerPreferredResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.PreferredResourcesAsync(this, _options.MaxParallelism, namespacedOnly: false, cancellationToken);

    public Task<DiscoveredResources> ServerPreferredNamespacedResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.PreferredResourcesAsync(this, _options.MaxParallelism, namespacedOnly: true, cancellationToken);

    public Task<JsonDocument> OpenApiV2Async(CancellationToken cancellationToken = default) =>
        _server.OpenApiV2Async(cancellationToken);

    private async Task<T> GetAsync<T>(
        string key, string what, JsonTypeInfo<T> typeInfo, Func<T, bool> isWhole,
        Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken, bool diskSafe = true)
        where T : class
    {
        DateTimeOffset now = _options.Clock();
        if (_memory.TryGetValue(key, out var entry) && !Expired(entry.Stamp, now))
        {
            if (!entry.Ours) MarkStale();
            return (T)entry.Value;
        }

        long generation;
        bool readDisk;
        lock (_lock)
        {
            generation = _generation;
            readDisk = !_invalidated;
        }

        string? path = diskSafe && _options.CacheDirectory is { } dir ? Path.Combine(dir, key) : null;
        if (path is not null && readDisk)
        {
            var cached = await ReadFileAsync(path, what, typeInfo, isWhole, now, cancellationToken).ConfigureAwait(false);
            if (cached is not null)
            {
                Remember(key, new Entry(cached.Value.Value, cached.Value.Written, ours: false), generation);
                MarkStale();
                return cached.Value.Value;
            }
        }

        T fresh = await fetch(cancellationToken).ConfigureAwait(false);
        Remember(key, new Entry(fresh, _options.Clock(), ours: true), generation);
        if (path is not null) await WriteFileAsync(path, what, fresh, typeInfo, cancellationToken).ConfigureAwait(false);
        return fresh;
    }

    private bool Expired(DateTimeOffset stamp, DateTimeOffset now) => now - stamp > _options.Ttl;

    private void MarkStale()
    {
        lock (_lock) _fresh = false;
    }

    private void Remember(string key, Entry entry, long generation)
    {
        lock (_lock)
        {
            // An answer that was in flight across Invalidate() predates it: serve it, keep it not.
            if (generation == _generation) _memory[key] = entry;
        }
    }

    private async Task<(T Value, DateTimeOffset Written)?> ReadFileAsync<T>(
        string path, string what, JsonTypeInfo<T> typeInfo, Func<T, bool> isWhole, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class
    {
        DateTimeOffset written;
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            written = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            if (Expired(written, now))
            {
                Trace($"discovery cache: {path} is older than {_options.Ttl}; fetching {what} again");
                return null;
            }
            bytes = await FileText.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Trace($"discovery cache: cannot read {path} ({e.Message}); fetching {what} again");
            return null;
        }

        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            if (value is not null && isWhole(value))
            {
                Trace($"discovery cache: {what} from {path}");
                return (value, written);
            }
            Trace($"discovery cache: {path} does not hold {what}; ignoring it and fetching again");
        }
        catch (JsonException e)
        {
            Trace($"discovery cache: {path} is not valid JSON ({e.Message}); ignoring it and fetching {what} again");
        }
        return null;
    }

    private async Task WriteFileAsync<T>(string path, string what, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicFileWriter.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation: a read-only or full disk must not fail discovery.
            Trace($"discovery cache: could not write {what} to {path}: {e.Message}");
        }
    }

    private static void Trace(string message) => RequestListenerScope.Current?.OnTraceIfEnabled(message);

    private sealed class Entry
    {
        public Entry(object value, DateTimeOffset stamp, bool ours)
        {
            Value = value;
            Stamp = stamp;
            Ours = ours;
        }

        public object Value { get; }

        /// <summary>When the answer was fetched (for a file: its last write).</summary>
        public DateTimeOffset Stamp { get; }

        /// <summary>Fetched from the server by this client, rather than read from a file.</summary>
        public bool Ours { get; }
    }
}

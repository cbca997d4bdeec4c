using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Tests.Fakes;

/// <summary>
/// An in-process API server of ConfigMaps for reflectors and informers: objects with increasing
/// resourceVersions, an event history that watches replay from their resourceVersion, lists with
/// limit/continue (ignored at "0" when the watch cache is on, as the real server does), compaction
/// (older resourceVersions and continue tokens answer 410), and faults: the next lists or watches
/// can fail, and running watches can be cut, ended, failed or sent bookmarks.
/// </summary>
public sealed class FakeApiServer : IListerWatcher<ConfigMap>
{
    private readonly object _lock = new();
    private readonly SortedDictionary<string, ConfigMap> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Rv, WatchEventType Type, ConfigMap Obj)> _history = new();
    private readonly List<ActiveWatch> _watches = new();
    private long _rv = 100;
    private long _compactedBelow;
    private TaskCompletionSource<bool>? _watchGate;

    /// <summary>With the watch cache on (default), a list at resourceVersion "0" ignores the limit.</summary>
    public bool WatchCacheEnabled { get; set; } = true;

    /// <summary>Watches that start end at once without an event (a server in trouble).</summary>
    public bool CloseWatchesAtOnce { get; set; }

    /// <summary>Faults for the next list requests, in order: each returns the exception to throw, or null to answer.</summary>
    public ConcurrentQueue<Func<ListOptions, Exception?>> ListFaults { get; } = new();

    /// <summary>Faults for the next watch requests, thrown when the watch starts.</summary>
    public ConcurrentQueue<Func<ListOptions, Exception?>> WatchFaults { get; } = new();

    public List<ListOptions> ListRequests { get; } = new();

    public List<ListOptions> WatchRequests { get; } = new();

    public long ResourceVersion
    {
        get
        {
            lock (_lock) return _rv;
        }
    }

    public int ActiveWatches
    {
        get
        {
            lock (_lock) return _watches.Count;
        }
    }

    public IReadOnlyList<ListOptions> ListRequestsSnapshot()
    {
        lock (ListRequests) return ListRequests.Select(o => o.Clone()).ToList();
    }

    public IReadOnlyList<ListOptions> WatchRequestsSnapshot()
    {
        lock (WatchRequests) return WatchRequests.Select(o => o.Clone()).ToList();
    }

    public ConfigMap Create(string name, string? data = null, string ns = "default", IDictionary<string, string>? labels = null)
    {
        lock (_lock)
        {
            string key = ns + "/" + name;
            if (_objects.ContainsKey(key)) throw new InvalidOperationException($"{key} exists");
            var obj = new ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new ObjectMeta
                {
                    Name = name,
                    Namespace = ns,
                    Uid = Guid.NewGuid().ToString(),
                    ResourceVersion = Next(),
                    Labels = labels is null ? null : new Dictionary<string, string>(labels),
                },
                Data = new Dictionary<string, string> { ["v"] = data ?? "" },
            };
            _objects[key] = obj;
            Record(WatchEventType.Added, obj);
            return Clone(obj);
        }
    }

    public ConfigMap Update(string name, string data, string ns = "default")
    {
        lock (_lock)
        {
            string key = ns + "/" + name;
            var obj = Clone(_objects[key]);
            obj.Data = new Dictionary<string, string> { ["v"] = data };
            obj.Metadata!.ResourceVersion = Next();
            _objects[key] = obj;
            Record(WatchEventType.Modified, obj);
            return Clone(obj);
        }
    }

    public void Delete(string name, string ns = "default")
    {
        lock (_lock)
        {
            string key = ns + "/" + name;
            var obj = Clone(_objects[key]);
            _objects.Remove(key);
            obj.Metadata!.ResourceVersion = Next();
            Record(WatchEventType.Deleted, obj);
        }
    }

    /// <summary>Moves the resourceVersion on without an event this server's watches see (changes outside their scope).</summary>
    public void AdvanceResourceVersion()
    {
        lock (_lock) Next();
    }

    /// <summary>The objects as a fresh list would return them.</summary>
    public IReadOnlyList<ConfigMap> Objects()
    {
        lock (_lock) return _objects.Values.Select(Clone).ToList();
    }

    /// <summary>Forgets history: watches and continue tokens from before now answer 410.</summary>
    public void Compact()
    {
        lock (_lock) _compactedBelow = _rv + 1;
    }

    /// <summary>Sends every running watch a bookmark at the current resourceVersion.</summary>
    public void Bookmark()
    {
        lock (_lock)
        {
            var bookmark = new ConfigMap { Metadata = new ObjectMeta { ResourceVersion = _rv.ToString(CultureInfo.InvariantCulture) } };
            foreach (var w in _watches) w.Send(() => new WatchEvent<ConfigMap>(WatchEventType.Bookmark, bookmark));
        }
    }

    /// <summary>New watches wait (the server is down for watches) until <see cref="ReleaseWatches"/>.</summary>
    public void HoldWatches()
    {
        lock (_lock) _watchGate ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseWatches()
    {
        TaskCompletionSource<bool>? gate;
        lock (_lock)
        {
            gate = _watchGate;
            _watchGate = null;
        }
        gate?.TrySetResult(true);
    }

    /// <summary>Watch requests waiting at the gate of <see cref="HoldWatches"/>.</summary>
    public int HeldWatches => Volatile.Read(ref _heldWatches);

    private int _heldWatches;

    /// <summary>Ends every running watch as the server's timeout would.</summary>
    public void EndWatches() => ForEachWatch(w => w.End());

    /// <summary>Cuts every running watch's stream.</summary>
    public void CutWatches() => FailWatches(() => new KubeConnectionException("The watch stream was cut: The response ended prematurely.", new Uri("https://kube.test"), new System.IO.IOException("The response ended prematurely.")));

    /// <summary>Ends every running watch with an error, such as an ERROR event's 410.</summary>
    public void FailWatches(Func<Exception> error) => ForEachWatch(w => w.Send(() => throw error()));

    public static KubeApiException Gone() => new(new Status { Code = 410, Reason = "Expired", Message = "too old resource version: 1 (2)", StatusValue = "Failure" });

    public static KubeApiException TooManyRequests() => new(new Status { Code = 429, Reason = "TooManyRequests", Message = "too many requests", StatusValue = "Failure" });

    public static KubeApiException NotFound() => new(new Status { Code = 404, Reason = "NotFound", Message = "the server could not find the requested resource", StatusValue = "Failure" });

    public static KubeConnectionException Refused() =>
        new("Could not reach the API server: Connection refused", new Uri("https://kube.test"),
            new System.Net.Http.HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    public Task<IKubeList<ConfigMap>> ListAsync(ListOptions options, CancellationToken cancellationToken)
    {
        lock (ListRequests) ListRequests.Add(options.Clone());
        if (ListFaults.TryDequeue(out var fault) && fault(options) is { } error) return Task.FromException<IKubeList<ConfigMap>>(error);
        lock (_lock)
        {
            var all = _objects.Values.ToList();
            long rv = _rv;
            int offset = 0;
            if (!string.IsNullOrEmpty(options.Continue))
            {
                var parts = options.Continue!.Split(':');
                offset = int.Parse(parts[0], CultureInfo.InvariantCulture);
                rv = long.Parse(parts[1], CultureInfo.InvariantCulture);
                if (rv < _compactedBelow)
                    return Task.FromException<IKubeList<ConfigMap>>(new KubeApiException(new Status { Code = 410, Reason = "Expired", Message = "The provided continue parameter is too old", StatusValue = "Failure" }));
            }
            bool paged = options.Limit > 0 && !(WatchCacheEnabled && options.ResourceVersion == "0");
            var page = paged ? all.Skip(offset).Take((int)options.Limit).ToList() : all;
            string? next = paged && offset + page.Count < all.Count ? $"{offset + page.Count}:{rv}" : null;
            IKubeList<ConfigMap> list = new ConfigMapList
            {
                Metadata = new ListMeta { ResourceVersion = rv.ToString(CultureInfo.InvariantCulture), Continue = next },
                Items = page.Select(Clone).ToList(),
            };
            return Task.FromResult(list);
        }
    }

    public IAsyncEnumerable<WatchEvent<ConfigMap>> WatchAsync(ListOptions options, CancellationToken cancellationToken)
    {
        lock (WatchRequests) WatchRequests.Add(options.Clone());
        return Iterate(options, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent<ConfigMap>> Iterate(ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        Task? gate;
        lock (_lock) gate = _watchGate?.Task;
        if (gate is not null)
        {
            Interlocked.Increment(ref _heldWatches);
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _heldWatches);
            }
        }
        if (WatchFaults.TryDequeue(out var fault) && fault(options) is { } error) throw error;
        if (CloseWatchesAtOnce) yield break;
        var watch = new ActiveWatch();
        lock (_lock)
        {
            long from = string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0"
                ? _rv
                : long.Parse(options.ResourceVersion!, CultureInfo.InvariantCulture);
            if (from < _compactedBelow - 1) throw Gone();
            foreach (var (rv, type, obj) in _history)
            {
                if (rv <= from) continue;
                var copy = Clone(obj);
                watch.Send(() => new WatchEvent<ConfigMap>(type, copy));
            }
            _watches.Add(watch);
        }
        try
        {
            while (await watch.Reader.WaitToReadAsync(cancellationToken))
            {
                while (watch.Reader.TryRead(out var next))
                    yield return next();
            }
        }
        finally
        {
            lock (_lock) _watches.Remove(watch);
        }
    }

    private void ForEachWatch(Action<ActiveWatch> action)
    {
        lock (_lock)
        {
            foreach (var w in _watches.ToList())
            {
                action(w);
                _watches.Remove(w);
            }
        }
    }

    private string Next() => (++_rv).ToString(CultureInfo.InvariantCulture);

    private void Record(WatchEventType type, ConfigMap obj)
    {
        _history.Add((_rv, type, obj));
        foreach (var w in _watches)
        {
            var copy = Clone(obj);
            w.Send(() => new WatchEvent<ConfigMap>(type, copy));
        }
    }

    public static ConfigMap Clone(ConfigMap obj) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(obj, KubeJsonContext.Default.CoreV1ConfigMap), KubeJsonContext.Default.CoreV1ConfigMap)!;

    private sealed class ActiveWatch
    {
        private readonly Channel<Func<WatchEvent<ConfigMap>>> _channel = Channel.CreateUnbounded<Func<WatchEvent<ConfigMap>>>();

        public ChannelReader<Func<WatchEvent<ConfigMap>>> Reader => _channel.Reader;

        public void Send(Func<WatchEvent<ConfigMap>> next) => _channel.Writer.TryWrite(next);

        public void End() => _channel.Writer.TryComplete();
    }
}

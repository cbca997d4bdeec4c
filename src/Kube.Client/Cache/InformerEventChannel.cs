using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Models;

namespace Kube.Client.Cache;

/// <summary>
/// The changes a <see cref="SharedIndexInformer{T}"/> sees, as a stream to read at one's own pace
/// (what Watch-KubeResource writes to the pipeline).
/// </summary>
/// <remarks>
/// <para>Registered as a handler when made, so nothing the informer does afterwards is missed; made
/// after the informer started, it gets the cache's content first (as initial adds). The informer's
/// guarantees carry over: for one object, changes come in order; an object is added once, and relists
/// after a watch drop report only what changed meanwhile (updates, tombstone deletes), never a second
/// add.</para>
/// <para>Periodic resyncs (an update whose old and new object have the same resourceVersion) are not
/// changes and are left out. Without <c>includeInitial</c> the adds of the first list are left out too,
/// so a reader sees only what happens from now on.</para>
/// <para>The buffer is unbounded: a slow reader never stalls the informer. The stream ends when the
/// informer stops or the channel is disposed (which removes the handler).</para>
/// </remarks>
public sealed class InformerEventChannel<T> : IAsyncDisposable, IDisposable
    where T : class
{
    private readonly SharedIndexInformer<T> _informer;
    private readonly Channel<ResourceChange<T>> _channel = Channel.CreateUnbounded<ResourceChange<T>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ResourceEventHandlerRegistration<T> _registration;
    private readonly bool _includeInitial;
    private readonly Func<DateTimeOffset> _now;

    /// <param name="includeInitial">Report the objects of the first list (or the cache's content) as adds.</param>
    /// <param name="now">The clock of <see cref="ResourceChange{T}.Time"/>; the system's when null.</param>
    /// <exception cref="InvalidOperationException">The informer has stopped.</exception>
    public InformerEventChannel(SharedIndexInformer<T> informer, bool includeInitial, Func<DateTimeOffset>? now = null)
    {
        _informer = informer ?? throw new ArgumentNullException(nameof(informer));
        _includeInitial = includeInitial;
        _now = now ?? (() => DateTimeOffset.UtcNow);
        _registration = informer.AddEventHandler(new ResourceEventHandlerFuncs<T>
        {
            AddFunc = OnAdd,
            UpdateFunc = OnUpdate,
            DeleteFunc = OnDelete,
        }, TimeSpan.Zero);
        _ = informer.Completion.ContinueWith(_ => _channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The changes, in the order the informer told them.</summary>
    public ChannelReader<ResourceChange<T>> Reader => _channel.Reader;

    /// <summary>True once the informer has synced and this handler has been given the whole first list.</summary>
    public bool HasSynced => _registration.HasSynced;

    /// <summary>Reads the changes until the informer stops, the channel is disposed or the token is cancelled.</summary>
    public async IAsyncEnumerable<ResourceChange<T>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // ChannelReader.ReadAllAsync is missing from the netstandard2.0 build of System.Threading.Channels.
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_channel.Reader.TryRead(out var change)) yield return change;
        }
    }

    private void OnAdd(T obj, bool isInInitialList)
    {
        if (isInInitialList && !_includeInitial) return;
        _channel.Writer.TryWrite(new ResourceChange<T>(ResourceChangeType.Added, obj, null, isInInitialList, false, _now()));
    }

    private void OnUpdate(T oldObj, T newObj)
    {
        string? oldVersion = ObjectMetaAccessor.For(oldObj).ResourceVersion;
        if (oldVersion is not null && oldVersion == ObjectMetaAccessor.For(newObj).ResourceVersion) return;
        _channel.Writer.TryWrite(new ResourceChange<T>(ResourceChangeType.Modified, newObj, oldObj, false, false, _now()));
    }

    private void OnDelete(object obj)
    {
        var last = DeletedFinalStateUnknown<T>.LastKnownState(obj);
        _channel.Writer.TryWrite(new ResourceChange<T>(ResourceChangeType.Deleted, last, null, false, obj is DeletedFinalStateUnknown<T>, _now()));
    }

    public void Dispose()
    {
        _informer.RemoveEventHandler(_registration);
        _channel.Writer.TryComplete();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}

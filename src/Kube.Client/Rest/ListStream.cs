using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Rest;

/// <summary>
/// The items of one list response, yielded as they are decoded rather than after the whole body is
/// read. The request is sent when enumeration starts, and a stream can be enumerated once.
/// <see cref="Metadata"/> (resourceVersion, continue) is known from the first item on, since the API
/// server writes it before the items, and in any case once enumeration has ended.
/// </summary>
public sealed class ListStream<T> : IAsyncEnumerable<T>
{
    private readonly Func<ListStream<T>, CancellationToken, IAsyncEnumerable<T>> _read;
    private readonly CancellationToken _cancellationToken;
    private int _started;

    internal ListStream(Func<ListStream<T>, CancellationToken, IAsyncEnumerable<T>> read, CancellationToken cancellationToken)
    {
        _read = read;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The list's metadata once read; null before, or when the server sent none.</summary>
    public ListMeta? Metadata { get; internal set; }

    /// <summary>The continue token of this page, if the server cut the list short.</summary>
    public string? Continue => string.IsNullOrEmpty(Metadata?.Continue) ? null : Metadata!.Continue;

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("A list stream is read once; make a new request to list again.");
        if (!cancellationToken.CanBeCanceled) return _read(this, _cancellationToken).GetAsyncEnumerator(_cancellationToken);
        if (!_cancellationToken.CanBeCanceled) return _read(this, cancellationToken).GetAsyncEnumerator(cancellationToken);
        return Linked().GetAsyncEnumerator(cancellationToken);
    }

    private async IAsyncEnumerable<T> Linked([EnumeratorCancellation] CancellationToken other = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, other);
        await foreach (var item in _read(this, both.Token).WithCancellation(both.Token).ConfigureAwait(false))
            yield return item;
    }
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Pager;

/// <summary>
/// Lists in pages of <see cref="PageSize"/> with limit/continue (client-go's tools/pager), yielding
/// each item as its page arrives. When a continue token expires mid-list (410), it lists the rest
/// again without paging and yields only the items it has not yielded yet, so a caller sees each
/// object once. It pages typed lists (<c>ListPager&lt;Pod, PodList&gt;</c>) and unstructured ones
/// (<c>ListPager&lt;Unstructured, UnstructuredList&gt;</c>) alike.
/// </summary>
public sealed class ListPager<T, TList>
    where T : class
    where TList : class, IKubeList<T>
{
    public const int DefaultPageSize = 500;

    private readonly Func<ListOptions, CancellationToken, Task<TList>>? _list;
    private readonly Func<ListOptions, CancellationToken, ListStream<T>>? _stream;

    /// <exception cref="ArgumentException"><typeparamref name="T"/> is neither a resource model nor <see cref="Unstructured"/>.</exception>
    public ListPager(Func<ListOptions, CancellationToken, Task<TList>> list, int pageSize = DefaultPageSize)
        : this(pageSize)
    {
        _list = list ?? throw new ArgumentNullException(nameof(list));
    }

    /// <summary>
    /// A pager over streamed pages (<see cref="Typed.ResourceClient{T, TList}.ListItemsAsync"/>):
    /// <see cref="ListAsync"/> then yields each item as it is decoded, before its page has been read
    /// whole. <see cref="ListAllAsync"/> collects the streamed items the same way.
    /// </summary>
    public ListPager(Func<ListOptions, CancellationToken, ListStream<T>> stream, int pageSize = DefaultPageSize)
        : this(pageSize)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
    }

    private ListPager(int pageSize)
    {
        if (!typeof(IKubeResource).IsAssignableFrom(typeof(T)) && typeof(T) != typeof(Unstructured))
            throw new ArgumentException($"{typeof(T).FullName} has no object metadata to page by: expected an {nameof(IKubeResource)} model or {nameof(Unstructured)}.", nameof(T));
        if (pageSize < 0) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "page size cannot be negative (0 lists everything at once)");
        PageSize = pageSize;
    }

    /// <summary>Items per request; 0 asks for everything in one response.</summary>
    public int PageSize { get; }

    /// <summary>The resourceVersion of the last page read: the point a watch can resume from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Pages requested so far (the last listing).</summary>
    public int Pages { get; private set; }

    public IAsyncEnumerable<T> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _stream is not null ? StreamPagesAsync(options, cancellationToken) : ListPagesAsync(options, cancellationToken);

    private async IAsyncEnumerable<T> ListPagesAsync(ListOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = options?.Clone() ?? new ListOptions();
        if (page.Limit == 0) page.Limit = PageSize;
        Pages = 0;
        HashSet<string>? seen = null;

        while (true)
        {
            TList? list = null;
            bool expired = false;
            try
            {
                list = await _list!(page, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsResourceExpired && !string.IsNullOrEmpty(page.Continue))
            {
                expired = true;
            }
            if (expired || list is null)
            {
                await foreach (var item in ListRemainderAsync(options, seen, cancellationToken).ConfigureAwait(false))
                    yield return item;
                yield break;
            }
            Pages++;
            ResourceVersion = list.Metadata?.ResourceVersion;
            string? next = list.Metadata?.Continue;
            if (list.Items is { } items)
            {
                if (!string.IsNullOrEmpty(next)) seen ??= new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in items)
                {
                    seen?.Add(Key(item));
                    yield return item;
                }
            }
            if (string.IsNullOrEmpty(next)) yield break;
            page.Continue = next;
            page.ResourceVersion = null;
        }
    }

    /// <summary>
    /// Lists every item as one consistent snapshot (what a reflector needs), following continue
    /// tokens. Unlike <see cref="ListAsync"/>, when a continue token expires (410) it drops the pages
    /// read so far and lists everything again at once without a resourceVersion, so the result never
    /// mixes two versions of the collection (client-go's pager.List).
    /// </summary>
    /// <exception cref="KubeApiException">The server refused a page; a 410 on the first page (the requested resourceVersion is gone) too.</exception>
    public async Task<ListSnapshot<T>> ListAllAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var page = options?.Clone() ?? new ListOptions();
        if (page.Limit == 0) page.Limit = PageSize;
        var items = new List<T>();
        bool paginated = false;
        int pages = 0;
        while (true)
        {
            Page list;
            try
            {
                list = await ListPageAsync(page, cancellationToken).ConfigureAwait(false);
                pages++;
            }
            catch (KubeApiException e) when (e.IsResourceExpired && !string.IsNullOrEmpty(page.Continue))
            {
                page.Limit = 0;
                page.Continue = null;
                page.ResourceVersion = null;
                var full = await ListPageAsync(page, cancellationToken).ConfigureAwait(false);
                pages++;
                Pages = pages;
                ResourceVersion = full.ResourceVersion;
                var all = full.Items is null ? new List<T>() : new List<T>(full.Items);
                return new ListSnapshot<T>(all, full.ResourceVersion, paginated, pages);
            }
            Pages = pages;
            string resourceVersion = list.ResourceVersion;
            ResourceVersion = resourceVersion;
            if (list.Items is { } pageItems) items.AddRange(pageItems);
            string? next = list.Continue;
            if (string.IsNullOrEmpty(next)) return new ListSnapshot<T>(items, resourceVersion, paginated, pages);
            // A continue token carries its own resourceVersion; the server refuses both at once.
            page.Continue = next;
            page.ResourceVersion = null;
            paginated = true;
        }
    }

    private async IAsyncEnumerable<T> StreamPagesAsync(ListOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = options?.Clone() ?? new ListOptions();
        if (first.Limit == 0) first.Limit = PageSize;
        Pages = 0;
        HashSet<string>? seen = first.Limit > 0 ? new HashSet<string>(StringComparer.Ordinal) : null;

        // The next page is asked for as soon as this one's continue token is known (the server writes
        // a list's metadata before its items), so the server renders page n+1 while page n is still
        // being decoded and consumed, as client-go's pager buffers pages ahead (EachListItem). Only its
        // first item is read ahead; the rest waits in the connection until this page is done.
        var current = StreamedPage.Start(_stream!, first, cancellationToken);
        StreamedPage? next = null;
        try
        {
            while (true)
            {
                bool more, expired = false;
                try
                {
                    more = await current.FirstAsync().ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.IsResourceExpired && !string.IsNullOrEmpty(current.Options.Continue))
                {
                    more = false;
                    expired = true;
                }
                if (expired)
                {
                    await current.DisposeAsync().ConfigureAwait(false);
                    await foreach (var item in ListRemainderAsync(options, seen, cancellationToken).ConfigureAwait(false))
                        yield return item;
                    yield break;
                }
                Pages++;
                while (more)
                {
                    next ??= StartNext(current, cancellationToken);
                    var item = current.Items.Current;
                    seen?.Add(Key(item));
                    yield return item;
                    more = await current.Items.MoveNextAsync().ConfigureAwait(false);
                }
                ResourceVersion = current.Stream.Metadata?.ResourceVersion;
                // A page with no items still carries its continue token (a selector may filter a whole page out).
                next ??= StartNext(current, cancellationToken);
                await current.DisposeAsync().ConfigureAwait(false);
                if (next is null) yield break;
                current = next;
                next = null;
            }
        }
        finally
        {
            if (next is not null) await next.DisposeAsync().ConfigureAwait(false);
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The page after <paramref name="current"/>, started; null while its continue token is unknown or when it is the last.</summary>
    private StreamedPage? StartNext(StreamedPage current, CancellationToken cancellationToken)
    {
        if (current.Stream.Continue is not { } token) return null;
        var options = current.Options.Clone();
        options.Continue = token;
        // A continue token carries its own resourceVersion; the server refuses both at once.
        options.ResourceVersion = null;
        return StreamedPage.Start(_stream!, options, cancellationToken);
    }

    /// <summary>
    /// One streamed page, its request sent and its first item being read; disposing it before it is
    /// read cancels the request.
    /// </summary>
    private sealed class StreamedPage : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private readonly Task<bool> _first;
        private bool _disposed;

        private StreamedPage(ListOptions options, ListStream<T> stream, CancellationTokenSource cancel)
        {
            Options = options;
            Stream = stream;
            _cancel = cancel;
            Items = stream.GetAsyncEnumerator(cancel.Token);
            _first = Items.MoveNextAsync().AsTask();
        }

        public ListOptions Options { get; }

        public ListStream<T> Stream { get; }

        public IAsyncEnumerator<T> Items { get; }

        public static StreamedPage Start(Func<ListOptions, CancellationToken, ListStream<T>> list, ListOptions options, CancellationToken cancellationToken)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                return new StreamedPage(options, list(options, cancel.Token), cancel);
            }
            catch
            {
                cancel.Dispose();
                throw;
            }
        }

        /// <summary>Whether the page has a first item (its continue token is known once this returns).</summary>
        public Task<bool> FirstAsync() => _first;

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            if (!_first.IsCompleted)
            {
                // Read ahead and never used (the caller stopped early): stop its request.
                _cancel.Cancel();
                try
                {
                    await _first.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Its failure (cancellation, most likely) concerns nobody now.
                }
            }
            else if (_first.IsFaulted || _first.IsCanceled)
            {
                _ = _first.Exception;
            }
            try
            {
                await Items.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _cancel.Dispose();
            }
        }
    }

    private async Task<Page> ListPageAsync(ListOptions options, CancellationToken cancellationToken)
    {
        if (_list is not null)
        {
            var list = await _list(options, cancellationToken).ConfigureAwait(false);
            var meta = ObjectMetaAccessor.ForList(list);
            return new Page(list.Items, meta.ResourceVersion ?? "", meta.Continue);
        }
        var stream = _stream!(options, cancellationToken);
        var items = new List<T>();
        await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false)) items.Add(item);
        return new Page(items, stream.Metadata?.ResourceVersion ?? "", stream.Continue);
    }

    private readonly record struct Page(IList<T>? Items, string ResourceVersion, string? Continue);

    private async IAsyncEnumerable<T> ListRemainderAsync(ListOptions? options, HashSet<string>? seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var full = options?.Clone() ?? new ListOptions();
        full.Limit = 0;
        full.Continue = null;
        var list = await ListPageAsync(full, cancellationToken).ConfigureAwait(false);
        Pages++;
        ResourceVersion = list.ResourceVersion;
        if (list.Items is null) yield break;
        foreach (var item in list.Items)
            if (seen is null || !seen.Contains(Key(item)))
                yield return item;
    }

    private static string Key(T item)
    {
        var meta = ObjectMetaAccessor.For(item);
        return (meta.Namespace ?? "") + "/" + (meta.Name ?? "");
    }
}

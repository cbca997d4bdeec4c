using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Streams.Logs;

/// <summary>
/// The logs of several containers as one stream of lines (kubectl logs -l ... --prefix). Without
/// follow, the logs come one after another in the order given, as kubectl prints them; followed
/// logs are read at once and their lines interleave as they arrive, up to
/// <see cref="MaxConcurrentStreams"/> open streams (more is refused, as kubectl's
/// --max-log-requests does). Lines are handed on as they arrive; no log is held whole.
/// </summary>
public sealed class PodLogMerger
{
    public const int DefaultMaxConcurrentStreams = 5;

    private readonly RestClient _rest;
    private int _maxConcurrentStreams = DefaultMaxConcurrentStreams;

    public PodLogMerger(RestClient rest) => _rest = rest ?? throw new ArgumentNullException(nameof(rest));

    /// <summary>How many followed logs may be open at once (kubectl's --max-log-requests, 5 by default).</summary>
    public int MaxConcurrentStreams
    {
        get => _maxConcurrentStreams;
        set => _maxConcurrentStreams = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one stream.");
    }

    /// <summary>
    /// Reads the logs of <paramref name="sources"/>. A source that fails goes to <paramref name="onError"/>
    /// and the others go on; without it, the first failure ends the stream.
    /// </summary>
    /// <exception cref="ArgumentException">Following more logs than <see cref="MaxConcurrentStreams"/>.</exception>
    public IAsyncEnumerable<LogLine> ReadAsync(IReadOnlyList<LogSource> sources, PodLogOptions options, Action<LogSource, Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        if (sources is null) throw new ArgumentNullException(nameof(sources));
        if (options is null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        if (options.Follow && sources.Count > MaxConcurrentStreams)
        {
            throw new ArgumentException(
                $"Following {sources.Count} logs would open {sources.Count} streams at once, more than the limit of {MaxConcurrentStreams}; raise the limit or select fewer pods or containers.",
                nameof(sources));
        }
        return options.Follow ? Interleaved(sources, options, onError, cancellationToken) : InOrder(sources, options, onError, cancellationToken);
    }

    private async IAsyncEnumerable<LogLine> InOrder(IReadOnlyList<LogSource> sources, PodLogOptions options, Action<LogSource, Exception>? onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            var client = new PodLogClient(_rest, source.Namespace);
            await using var lines = client.ReadAsync(source, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await lines.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (onError is not null && e is not OperationCanceledException)
                {
                    onError(source, e);
                    break;
                }
                if (!more) break;
                yield return lines.Current;
            }
        }
    }

    private async IAsyncEnumerable<LogLine> Interleaved(IReadOnlyList<LogSource> sources, PodLogOptions options, Action<LogSource, Exception>? onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Lines and per-source failures share one channel, so a failure is reported in its turn.
        var channel = Channel.CreateBounded<(LogLine? Line, LogSource Source, Exception? Error)>(
            new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = sources.Select(source => Task.Run(async () =>
        {
            try
            {
                await foreach (var line in new PodLogClient(_rest, source.Namespace).ReadAsync(source, options, stop.Token).ConfigureAwait(false))
                    await channel.Writer.WriteAsync((line, source, null), stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                if (onError is null)
                {
                    channel.Writer.TryComplete(e);
                    stop.Cancel();
                }
                else
                {
                    try { await channel.Writer.WriteAsync((null, source, e), stop.Token).ConfigureAwait(false); }
                    catch (Exception) when (stop.IsCancellationRequested) { }
                }
            }
        })).ToList();
        var all = Task.WhenAll(readers).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            var reader = channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Error is not null) onError!(item.Source, item.Error);
                    else yield return item.Line!;
                }
            }
        }
        finally
        {
            stop.Cancel();
            await all.ConfigureAwait(false);
        }
    }
}

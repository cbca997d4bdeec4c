using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Channels;
using Kube.Client.Streams.Text;

namespace Kube.Client.Streams.RemoteCommand;

/// <summary>
/// A running exec or attach: write to the command's stdin, read its stdout and stderr as they
/// arrive, resize its terminal, and await its exit code (<see cref="Completion"/>).
/// <list type="bullet">
/// <item>Output is read through <see cref="ReadOutputAsync"/> (or <see cref="ReadLinesAsync"/>) by one
/// reader. It is not buffered beyond a few messages: a command whose output nobody reads waits,
/// as a process writing to a full pipe does, so read it (or open the session without stdout and
/// stderr) before awaiting <see cref="Completion"/>.</item>
/// <item>Closing stdin is a half-close on <c>v5.channel.k8s.io</c> only (<see cref="CanCloseStdin"/>);
/// v4, which Kubernetes before 1.30 answers, has no way to signal the end of input, so a command
/// that reads stdin to its end (cat, tar x, wc) does not end by itself there.</item>
/// <item>Disposing the session (or cancelling the token it was opened with) closes the connection
/// at once; the server then ends the command's streams.</item>
/// </list>
/// </summary>
public sealed class RemoteCommandSession : IAsyncDisposable, IDisposable
{
    private readonly ChannelConnection _connection;
    private readonly Channel<RemoteCommandOutput> _output;
    private readonly TaskCompletionSource<RemoteCommandResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _status = new();
    private readonly Task _receiveLoop;
    private readonly string _target;
    private readonly CancellationTokenRegistration _cancellation;
    private int _disposed;

    internal RemoteCommandSession(ChannelConnection connection, string target, string? container, bool tty, CancellationToken cancellationToken)
    {
        _connection = connection;
        _target = target;
        Container = container;
        Tty = tty;
        _output = Channel.CreateBounded<RemoteCommandOutput>(new BoundedChannelOptions(16)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static s => ((RemoteCommandSession)s!).Stop(), this);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The subprotocol the server chose: <see cref="ChannelProtocols.V5"/> or <see cref="ChannelProtocols.V4"/>.</summary>
    public string Protocol => _connection.Protocol;

    /// <summary>True when <see cref="CloseStdinAsync"/> can signal the end of input (v5).</summary>
    public bool CanCloseStdin => _connection.CanCloseChannel;

    /// <summary>The container the command runs in, when the caller named it or it was chosen as the pod's default.</summary>
    public string? Container { get; }

    /// <summary>True when the server was asked for a container and this session picked the pod's default one.</summary>
    public bool ContainerDefaulted { get; internal set; }

    public bool Tty { get; }

    /// <summary>
    /// The command's end: its exit code (non-zero codes included). Faults with
    /// <see cref="RemoteCommandException"/> when the command could not run (the executable is not in
    /// the image, say) or the connection ended before an exit status arrived.
    /// </summary>
    public Task<RemoteCommandResult> Completion => _completion.Task;

    /// <summary>
    /// The command's stdout and stderr chunks in the order they arrived. Ends when the command's
    /// streams end; then await <see cref="Completion"/> for how it ended. One reader only.
    /// </summary>
    public async IAsyncEnumerable<RemoteCommandOutput> ReadOutputAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _output.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item)) yield return item;
        }
    }

    /// <summary>
    /// The output cut into UTF-8 lines per stream, each line as soon as it is complete (an
    /// unfinished last line comes at the end). One reader only, instead of <see cref="ReadOutputAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<RemoteCommandLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stdout = new Utf8LineSplitter();
        var stderr = new Utf8LineSplitter();
        var lines = new List<string>();
        await foreach (var chunk in ReadOutputAsync(cancellationToken).ConfigureAwait(false))
        {
            var splitter = chunk.Stream == RemoteCommandStream.Stdout ? stdout : stderr;
            splitter.Append(chunk.Data.Span, lines);
            foreach (var line in lines) yield return new RemoteCommandLine(chunk.Stream, line);
            lines.Clear();
        }
        if (stdout.Flush() is { } lastOut) yield return new RemoteCommandLine(RemoteCommandStream.Stdout, lastOut);
        if (stderr.Flush() is { } lastErr) yield return new RemoteCommandLine(RemoteCommandStream.Stderr, lastErr);
    }

    /// <summary>Sends bytes to the command's stdin (the session must have been opened with stdin).</summary>
    public Task WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Guard(_connection.SendAsync(ChannelProtocols.Stdin, data, cancellationToken), "write to the command's stdin");

    /// <summary>
    /// Signals the end of input: on v5 the command reads end-of-file. Returns false on v4, which
    /// cannot say it (the command's stdin stays open until the session ends).
    /// </summary>
    public async Task<bool> CloseStdinAsync(CancellationToken cancellationToken = default)
    {
        if (!CanCloseStdin) return false;
        await Guard(_connection.CloseChannelAsync(ChannelProtocols.Stdin, cancellationToken), "close the command's stdin").ConfigureAwait(false);
        return true;
    }

    /// <summary>Tells the command's terminal its new size (TTY sessions).</summary>
    public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken = default)
    {
        string json = string.Format(CultureInfo.InvariantCulture, "{{\"Width\":{0},\"Height\":{1}}}", size.Width, size.Height);
        return Guard(_connection.SendAsync(ChannelProtocols.Resize, Encoding.UTF8.GetBytes(json), cancellationToken), "resize the terminal");
    }

    /// <summary>
    /// Runs the session to its end: copies <paramref name="stdin"/> (if given) to the command, then
    /// closes its stdin where the protocol can; writes stdout and stderr to the given streams as
    /// they arrive (or drops them when null); returns the exit code.
    /// </summary>
    public async Task<RemoteCommandResult> RunAsync(Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task input = stdin is null ? Task.CompletedTask : CopyStdinAsync(stdin, linked.Token);
        try
        {
            await foreach (var chunk in ReadOutputAsync(cancellationToken).ConfigureAwait(false))
            {
                var target = chunk.Stream == RemoteCommandStream.Stdout ? stdout : stderr;
                if (target is null) continue;
#if NET8_0_OR_GREATER
                await target.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
#else
                var bytes = chunk.Data.ToArray();
                await target.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
#endif
            }
            var result = await Completion.ConfigureAwait(false);
            return result;
        }
        finally
        {
            linked.Cancel();
            try { await input.ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or RemoteCommandException or IOException) { }
        }
    }

    private async Task CopyStdinAsync(Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChannelConnection.MaxMessagePayload];
        int read;
        while ((read = await stdin.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            await WriteStdinAsync(new ReadOnlyMemory<byte>(buffer, 0, read), cancellationToken).ConfigureAwait(false);
        await CloseStdinAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        try
        {
            await _connection.ReceiveAsync(OnDataAsync, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or ChannelClosedException)
        {
            failure = e;
        }
        _output.Writer.TryComplete();
        Complete(failure);
        _connection.Dispose();
        _cancellation.Dispose();
    }

    private async ValueTask OnDataAsync(byte channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        switch (channel)
        {
            case ChannelProtocols.Stdout:
                await _output.Writer.WriteAsync(new RemoteCommandOutput(RemoteCommandStream.Stdout, data.ToArray()), cancellationToken).ConfigureAwait(false);
                break;
            case ChannelProtocols.Stderr:
                await _output.Writer.WriteAsync(new RemoteCommandOutput(RemoteCommandStream.Stderr, data.ToArray()), cancellationToken).ConfigureAwait(false);
                break;
            case ChannelProtocols.Error:
                if (_status.Length < 1 << 20)
                {
                    var bytes = data.ToArray();
                    _status.Write(bytes, 0, bytes.Length);
                }
                break;
        }
    }

    /// <summary>Settles <see cref="Completion"/> from the status the server sent, or from how the connection ended.</summary>
    private void Complete(Exception? failure)
    {
        var outcome = Decide(failure);
        if (outcome.Result is { } result) _completion.TrySetResult(result);
        else _completion.TrySetException(outcome.Error!);
    }

    private (RemoteCommandResult? Result, Exception? Error) Decide(Exception? failure)
    {
        if (_status.Length > 0)
        {
            byte[] body = _status.ToArray();
            Status? status;
            try
            {
                status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.MetaV1Status);
            }
            catch (JsonException)
            {
                status = null;
            }
            if (status is null)
            {
                // The channel protocols before v4 sent the error as plain text.
                string text = Encoding.UTF8.GetString(body).Trim();
                return (null, new RemoteCommandException($"{_target}: {text}", new Status { StatusValue = "Failure", Message = text }));
            }
            if (status.StatusValue == "Success") return (new RemoteCommandResult(0, status), null);
            if (status.Reason == "NonZeroExitCode")
            {
                foreach (var cause in status.Details?.Causes ?? (IList<StatusCause>)Array.Empty<StatusCause>())
                {
                    if (cause.Reason == "ExitCode" && int.TryParse(cause.Message, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code))
                        return (new RemoteCommandResult(code, status), null);
                }
                return (null, new RemoteCommandException($"{_target}: the server reported a non-zero exit code without the code: {status.Message}", status));
            }
            return (null, new RemoteCommandException($"{_target}: {status.Message}", status));
        }
        if (Volatile.Read(ref _disposed) != 0 || _stop.IsCancellationRequested)
            return (null, new RemoteCommandException($"{_target}: the session was closed before the command ended", null, failure));
        string why = failure is null ? "the server closed the connection" : $"the connection failed: {failure.Message}";
        return (null, new RemoteCommandException($"{_target}: {why} before the command's exit status arrived (the pod may have been deleted or the API server restarted)", null, failure));
    }

    private async Task Guard(Task send, string what)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            throw new RemoteCommandException($"{_target}: could not {what}: the session has ended ({e.Message})", null, e);
        }
    }

    private void Stop()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
        _connection.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Stop();
        try { await _receiveLoop.ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
        _stop.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Stop();
    }
}

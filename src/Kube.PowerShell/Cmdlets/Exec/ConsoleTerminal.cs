using System;
using System.IO;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Streams.RemoteCommand;

namespace Kube.PowerShell.Cmdlets.Exec;

/// <summary>
/// This console as the terminal of a remote TTY session: keys (Ctrl+C included) go to the command,
/// its output goes to the screen as raw bytes, and size changes follow. The console's Ctrl+C
/// handling is restored on disposal.
/// </summary>
internal sealed class ConsoleTerminal : IDisposable
{
    private static readonly TimeSpan SizePoll = TimeSpan.FromMilliseconds(250);
    private readonly bool _treatControlCAsInput;

    public ConsoleTerminal()
    {
        _treatControlCAsInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
    }

    /// <summary>True when PowerShell runs in a console whose keyboard and screen are not redirected.</summary>
    public static bool IsAvailable(PSHost host) =>
        string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal) && !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public TerminalSize Size => new(Math.Max(1, Console.WindowWidth), Math.Max(1, Console.WindowHeight));

    /// <summary>Runs the session until the command exits; returns its exit code.</summary>
    public async Task<int> RunAsync(RemoteCommandSession session, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keys = new Thread(() => ReadKeys(session, stop.Token)) { IsBackground = true, Name = "Kube exec keyboard" };
        keys.Start();
        var resizing = Task.Run(() => FollowSizeAsync(session, stop.Token), CancellationToken.None);
        try
        {
            using var screen = Console.OpenStandardOutput();
            await foreach (var chunk in session.ReadOutputAsync(cancellationToken).ConfigureAwait(false))
            {
                var bytes = chunk.Data.ToArray();
                await screen.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await screen.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            return (await session.Completion.ConfigureAwait(false)).ExitCode;
        }
        finally
        {
            stop.Cancel();
            try { await resizing.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            keys.Join(TimeSpan.FromSeconds(1));
        }
    }

    private static void ReadKeys(RemoteCommandSession session, CancellationToken cancellationToken)
    {
        char pending = '\0';
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!Console.KeyAvailable)
                {
                    cancellationToken.WaitHandle.WaitOne(15);
                    continue;
                }
                var bytes = TerminalKeys.ToBytes(Console.ReadKey(intercept: true), ref pending);
                if (bytes.Length > 0) session.WriteStdinAsync(bytes, cancellationToken).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RemoteCommandException or InvalidOperationException or IOException)
        {
            // The session ended, or the console went away: nothing left to type into.
        }
    }

    private async Task FollowSizeAsync(RemoteCommandSession session, CancellationToken cancellationToken)
    {
        var last = Size;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(SizePoll, cancellationToken).ConfigureAwait(false);
            var now = Size;
            if (now.Equals(last)) continue;
            last = now;
            try { await session.ResizeAsync(now, cancellationToken).ConfigureAwait(false); }
            catch (RemoteCommandException) { return; }
        }
    }

    public void Dispose() => Console.TreatControlCAsInput = _treatControlCAsInput;
}

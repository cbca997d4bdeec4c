using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;

namespace Kube.Client.Transport.Exec;

/// <summary>Runs an exec plugin once: its arguments, its environment plus KUBERNETES_EXEC_INFO, no stdin.</summary>
internal static class ExecPluginRunner
{
    private const int MaxStderrInMessage = 2000;
    private static readonly Regex JwtLike = new(@"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant);
    private static readonly Regex BearerLike = new(@"(?i)\b(bearer\s+|[a-z_-]*(?:token|password|secret)[""']?\s*[:=]\s*[""']?)[^\s""',}]+", RegexOptions.CultureInvariant);

    public sealed class Result
    {
        public Result(string stdout, string stderr)
        {
            Stdout = stdout;
            Stderr = stderr;
        }

        public string Stdout { get; }
        public string Stderr { get; }
    }

    public static async Task<Result> RunAsync(ExecConfig config, string execInfo, string source, CancellationToken cancellationToken)
    {
        var command = config.Command;
        var start = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
#if NET8_0_OR_GREATER
        foreach (var argument in config.Args)
        {
            start.ArgumentList.Add(argument);
        }
#else
        start.Arguments = WindowsCommandLine.Join(config.Args);
#endif
        foreach (var pair in config.Env)
        {
            start.Environment[pair.Key] = pair.Value;
        }
        start.Environment["KUBERNETES_EXEC_INFO"] = execInfo;

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult(true);
        try
        {
            if (!process.Start())
            {
                throw new ExecPluginException($"exec plugin \"{command}\" ({source}) could not be started", command);
            }
        }
        catch (Win32Exception e)
        {
            throw new ExecPluginException(NotFoundMessage(config, source, e), command, null, e);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (config.Timeout > TimeSpan.Zero)
        {
            timeout.CancelAfter(config.Timeout);
        }
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (timeout.Token.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(exited.Task, cancelled.Task).ConfigureAwait(false);
        }
        if (!process.HasExited)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExecPluginException(
                $"exec plugin \"{command}\" ({source}) did not finish within {config.Timeout.TotalSeconds:0.#} s and was stopped", command);
        }
        process.WaitForExit();
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var detail = Sanitize(errors);
            throw new ExecPluginException(
                $"exec plugin \"{command}\" ({source}) failed with exit code {process.ExitCode}" + (detail.Length > 0 ? ": " + detail : " and wrote nothing to stderr"),
                command, process.ExitCode);
        }
        return new Result(output, errors);
    }

    /// <summary>Stderr for a message: trimmed, bounded, and with anything token-like masked.</summary>
    internal static string Sanitize(string stderr)
    {
        var text = stderr.Trim();
        text = JwtLike.Replace(text, "[redacted]");
        text = BearerLike.Replace(text, m => m.Groups[1].Value + "[redacted]");
        return text.Length <= MaxStderrInMessage ? text : text.Substring(0, MaxStderrInMessage) + " ...";
    }

    private static string NotFoundMessage(ExecConfig config, string source, Exception e)
    {
        var message = new StringBuilder()
            .Append("exec plugin \"").Append(config.Command).Append("\" (").Append(source).Append(") could not be run: ")
            .Append(e.Message)
            .Append(". It looks like the credential plugin is not installed or not on PATH.");
        if (!string.IsNullOrEmpty(config.InstallHint))
        {
            message.Append(' ').Append(config.InstallHint!.Trim());
        }
        return message.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
#if NET8_0_OR_GREATER
            process.Kill(entireProcessTree: true);
#else
            process.Kill();
#endif
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }
}

using System;
using System.Globalization;
using System.IO;

namespace Kube.PowerShell.Runner;

/// <summary>
/// The container's log: one line per record, "2026-01-02T03:04:05.678Z LEVEL text", errors on
/// stderr and the rest on stdout (kubectl logs and Get-KubeLog show both). Thread-safe.
/// </summary>
public sealed class RunnerLog
{
    private readonly object _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public RunnerLog(TextWriter output, TextWriter error)
    {
        _out = output;
        _error = error;
    }

    public void Info(string text) => Write(_out, "INFO", text);

    public void Verbose(string text) => Write(_out, "VERBOSE", text);

    public void Debug(string text) => Write(_out, "DEBUG", text);

    public void Warning(string text) => Write(_out, "WARNING", text);

    public void Error(string text) => Write(_error, "ERROR", text);

    private void Write(TextWriter writer, string level, string text)
    {
        string time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            // One record, one line: a multi-line message keeps its lines under the same stamp.
            foreach (string line in text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
                writer.WriteLine($"{time} {level} {line.TrimEnd()}");
            writer.Flush();
        }
    }
}

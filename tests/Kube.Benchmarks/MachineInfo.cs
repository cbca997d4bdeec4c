using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Kube.Benchmarks;

/// <summary>Where and when the figures were taken.</summary>
public sealed class MachineInfo
{
    public int Cores { get; } = Environment.ProcessorCount;
    public string Cpu { get; } = ReadCpu();
    public string Os { get; } = RuntimeInformation.OSDescription;
    public string Runtime { get; } = RuntimeInformation.FrameworkDescription;
    public DateTimeOffset Date { get; } = DateTimeOffset.UtcNow;
    public string Commit { get; private set; } = "";
    public string LoadAtStart { get; } = LoadAverage();
    public string LoadAtEnd { get; private set; } = "";
    public string ServerVersion { get; set; } = "";
    public string KubectlVersion { get; set; } = "";

    public static MachineInfo Capture(string repoRoot)
    {
        var info = new MachineInfo();
        info.Commit = Git(repoRoot, "rev-parse", "--short", "HEAD");
        string dirty = Git(repoRoot, "status", "--porcelain", "--untracked-files=no");
        if (dirty.Length > 0) info.Commit += " (with uncommitted changes)";
        return info;
    }

    public void Finish() => LoadAtEnd = LoadAverage();

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(" ", parts.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ReadCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line.Substring(line.IndexOf(':') + 1).Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Git(string repoRoot, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repoRoot };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores, {Cpu}; {Os}; {Runtime}; {Date:yyyy-MM-dd HH:mm} UTC; commit {Commit}");
}

using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Kube.PowerShell.Runner;

/// <summary>kube-ps-runner: see <see cref="RunnerOptions.Usage"/>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var log = new RunnerLog(Console.Out, Console.Error);
        RunnerOptions options;
        try
        {
            options = RunnerOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            log.Error("kube-ps-runner: " + e.Message);
            return ScriptRunner.ExitUsage;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(RunnerOptions.Usage);
            return ScriptRunner.ExitOk;
        }

        var runner = new ScriptRunner(options, log);
        // SIGTERM is how the kubelet stops a container; the script gets it as Ctrl+C.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            runner.RequestStop("SIGTERM");
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            runner.RequestStop("SIGINT");
        });
        try
        {
            return await runner.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            log.Error("kube-ps-runner: " + e.Message);
            return ScriptRunner.ExitUsage;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Kube.PowerShell.Runner;

/// <summary>
/// The command line of kube-ps-runner. Runner options come first; the first other word is the
/// script (a .ps1 file, baked into the image or mounted from a ConfigMap), and every word after it
/// is the script's own arguments. Environment variables give the defaults a Deployment sets once.
/// </summary>
public sealed class RunnerOptions
{
    public const string ModuleVariable = "KUBE_PS_MODULE";
    public const string HealthPortVariable = "KUBE_PS_HEALTH_PORT";
    public const string DefaultModulePath = "/opt/kube-ps/module/Kube.PowerShell";

    public const string Usage =
        "usage: kube-ps-runner [--module PATH] [--health-port N] [--stop-timeout SECONDS] SCRIPT.ps1 [SCRIPT ARGUMENTS...]\n" +
        "       kube-ps-runner [options] --command TEXT [ARGUMENTS...]\n" +
        "  SCRIPT.ps1         the controller script (a file in the image or a mounted file); the words after it are its\n" +
        "                     arguments, as on a command line: -Name value, -Switch, -Name:value\n" +
        "  --command TEXT     a script given inline; the words after it are its $args\n" +
        "  --module PATH      the Kube.PowerShell module folder or manifest ($" + ModuleVariable + ", default " + DefaultModulePath + ")\n" +
        "  --health-port N    serve /healthz and /readyz on port N ($" + HealthPortVariable + "; 0 or unset: no probe server)\n" +
        "  --stop-timeout S   after SIGTERM, how long the script may take to stop before the runner exits anyway (default 20)";

    /// <summary>The script file, when the script is a file.</summary>
    public string? ScriptPath { get; private set; }

    /// <summary>The script text, when given with --command.</summary>
    public string? Command { get; private set; }

    public IReadOnlyList<string> ScriptArguments { get; private set; } = Array.Empty<string>();

    public string ModulePath { get; private set; } = DefaultModulePath;

    /// <summary>0: no probe server.</summary>
    public int HealthPort { get; private set; }

    public TimeSpan StopTimeout { get; private set; } = TimeSpan.FromSeconds(20);

    public bool ShowHelp { get; private set; }

    /// <exception cref="ArgumentException">The command line is wrong; the message says how.</exception>
    public static RunnerOptions Parse(IReadOnlyList<string> args, Func<string, string?> getEnvironmentVariable)
    {
        var options = new RunnerOptions();
        if (getEnvironmentVariable(ModuleVariable) is { Length: > 0 } module) options.ModulePath = module;
        if (getEnvironmentVariable(HealthPortVariable) is { Length: > 0 } port) options.HealthPort = ParsePort(port, "$" + HealthPortVariable);

        int i = 0;
        string Next(string option) =>
            i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.\n{Usage}");
        for (; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    options.ShowHelp = true;
                    return options;
                case "--module":
                    options.ModulePath = Next(arg);
                    continue;
                case "--health-port":
                    options.HealthPort = ParsePort(Next(arg), arg);
                    continue;
                case "--stop-timeout":
                    string value = Next(arg);
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 3600)
                        throw new ArgumentException($"--stop-timeout \"{value}\" is not a number of seconds between 0 and 3600.");
                    options.StopTimeout = TimeSpan.FromSeconds(seconds);
                    continue;
                case "--command":
                    options.Command = Next(arg);
                    if (string.IsNullOrWhiteSpace(options.Command)) throw new ArgumentException("--command needs a script text, not an empty one.");
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal))
                        throw new ArgumentException($"unknown runner option {arg}.\n{Usage}");
                    options.ScriptPath = arg;
                    break;
            }
            break;
        }
        if (options.ScriptPath is null && options.Command is null)
            throw new ArgumentException($"no script: give a .ps1 file or --command.\n{Usage}");
        var rest = new List<string>();
        for (i++; i < args.Count; i++) rest.Add(args[i]);
        options.ScriptArguments = rest;

        if (options.ScriptPath is { } path)
        {
            if (!string.Equals(Path.GetExtension(path), ".ps1", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"the script {path} must be a .ps1 file (PowerShell runs only .ps1 files as scripts).");
            options.ScriptPath = Path.GetFullPath(path);
            if (!File.Exists(options.ScriptPath))
                throw new ArgumentException(Directory.Exists(options.ScriptPath)
                    ? $"the script {options.ScriptPath} is a folder; name the .ps1 file in it."
                    : $"the script {options.ScriptPath} does not exist (is the ConfigMap mounted there?).");
        }
        return options;
    }

    private static int ParsePort(string value, string what) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw new ArgumentException($"{what} \"{value}\" is not a port number (0 to 65535).");
}

using System;
using System.Collections.Generic;
using System.Globalization;

namespace IngressController;

/// <summary>
/// The controller's flags, named as Kubernetes components name them (component-base's
/// --leader-elect-* flags); durations are Go durations such as 15s, 1m30s or 500ms.
/// </summary>
public sealed class CommandLine
{
    public const string Usage =
        "usage: IngressController [--namespace NS] [--context NAME] [--kubeconfig FILE] [--workers N]\n" +
        "                         [--leader-elect] [--leader-elect-resource-name NAME] [--leader-elect-resource-namespace NS]\n" +
        "                         [--leader-elect-lease-duration 15s] [--leader-elect-renew-deadline 10s] [--leader-elect-retry-period 2s]\n" +
        "                         [--health-port N]\n" +
        "  without a kubeconfig file (KUBECONFIG, ~/.kube/config or --kubeconfig) in a pod it uses the pod's service account;\n" +
        "  --namespace defaults to the kubeconfig's namespace, in a pod to POD_NAMESPACE or the service account's namespace";

    public string? Namespace { get; private set; }
    public string? Context { get; private set; }
    public string? Kubeconfig { get; private set; }
    public int Workers { get; private set; } = 1;
    public bool LeaderElect { get; private set; }
    public string LeaseName { get; private set; } = "ingress-controller";
    public string? LeaseNamespace { get; private set; }
    public TimeSpan LeaseDuration { get; private set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; private set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; private set; } = TimeSpan.FromSeconds(2);

    /// <summary>0: no probe server.</summary>
    public int HealthPort { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <exception cref="ArgumentException">A flag is unknown or its value is wrong.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg.Substring(equals + 1);
                arg = arg.Substring(0, equals);
            }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value"));
            switch (arg)
            {
                case "-h": case "--help": line.ShowHelp = true; break;
                case "--namespace": case "-n": line.Namespace = NonEmpty(arg, Value()); break;
                case "--context": line.Context = NonEmpty(arg, Value()); break;
                case "--kubeconfig": line.Kubeconfig = NonEmpty(arg, Value()); break;
                case "--workers": line.Workers = Int(arg, Value(), 1, 64); break;
                case "--leader-elect": line.LeaderElect = inline is null || Bool(arg, inline); break;
                case "--leader-elect-resource-name": line.LeaseName = NonEmpty(arg, Value()); break;
                case "--leader-elect-resource-namespace": line.LeaseNamespace = NonEmpty(arg, Value()); break;
                case "--leader-elect-lease-duration": line.LeaseDuration = Duration(arg, Value()); break;
                case "--leader-elect-renew-deadline": line.RenewDeadline = Duration(arg, Value()); break;
                case "--leader-elect-retry-period": line.RetryPeriod = Duration(arg, Value()); break;
                case "--health-port": line.HealthPort = Int(arg, Value(), 0, 65535); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        return line;
    }

    private static string NonEmpty(string flag, string value) =>
        value.Length > 0 ? value : throw new ArgumentException($"{flag} needs a value, not an empty one");

    private static int Int(string flag, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{flag} \"{value}\" is not a whole number from {min} to {max}");

    private static bool Bool(string flag, string value) => value switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new ArgumentException($"{flag}=\"{value}\" is not true or false"),
    };

    /// <summary>A Go duration: a sequence of numbers with units h, m, s, ms (1m30s, 15s, 500ms, 1.5s).</summary>
    public static TimeSpan Duration(string flag, string value)
    {
        double total = 0;
        int i = 0;
        bool any = false;
        while (i < value.Length)
        {
            int start = i;
            while (i < value.Length && (char.IsDigit(value[i]) || value[i] == '.')) i++;
            if (i == start || !double.TryParse(value.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
                return Bad();
            int unitStart = i;
            while (i < value.Length && char.IsLetter(value[i])) i++;
            double scale = value.Substring(unitStart, i - unitStart) switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 0.001,
                _ => double.NaN,
            };
            if (double.IsNaN(scale)) return Bad();
            total += number * scale;
            any = true;
        }
        if (!any || total <= 0) return Bad();
        return TimeSpan.FromSeconds(total);

        TimeSpan Bad() => throw new ArgumentException($"{flag} \"{value}\" is not a positive duration such as 15s, 1m30s or 500ms");
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>
/// dotnet run --project examples/IngressController -- --namespace shop [--context NAME] [--kubeconfig FILE] [--workers N]
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? ns = null, context = null, kubeconfig = null;
        int workers = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--namespace": case "-n": ns = Next(); break;
                case "--context": context = Next(); break;
                case "--kubeconfig": kubeconfig = Next(); break;
                case "--workers": workers = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}; usage: IngressController --namespace NS [--context NAME] [--kubeconfig FILE] [--workers N]");
                    return 2;
            }
        }
        var config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.FromEnvironment(kubeconfig), new KubeconfigOverrides { Context = context });
        ns ??= config.Namespace;
        using var rest = RestClient.Create(config);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.WriteLine($"ingress-controller: watching Services in {ns} ({config})");
        await IngressControllerHost.RunAsync(rest, ns, workers, line => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}"), stop.Token);
        return 0;
    }
}

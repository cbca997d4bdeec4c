using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Config;
using Kube.Client.Controllers;
using Kube.Client.LeaderElection;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>
/// dotnet run --project examples/IngressController -- --namespace shop [--leader-elect] [--health-port 8081] (see <see cref="CommandLine.Usage"/>).
/// In a pod (deploy/ingress-controller) it reads the service account's token, CA and namespace.
/// </summary>
public static class Program
{
    /// <summary>How long past its lease's expiry a leader that cannot renew stays live (kube-controller-manager's figure).</summary>
    private static readonly TimeSpan MaxTolerableExpiredLease = TimeSpan.FromSeconds(20);

    public static async Task<int> Main(string[] args)
    {
        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"ingress-controller: {e.Message}\n{CommandLine.Usage}");
            return 2;
        }
        if (line.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        void Log(string text) => Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {text}");
        RestConfig config;
        try
        {
            config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.FromEnvironment(line.Kubeconfig), new KubeconfigOverrides { Context = line.Context });
        }
        catch (KubeconfigException e)
        {
            Console.Error.WriteLine($"ingress-controller: {e.Message}");
            return 2;
        }
        string ns = line.Namespace ?? config.Namespace;
        using var rest = RestClient.Create(config);
        using var stop = new CancellationTokenSource();
        // Ctrl+C at a terminal, SIGTERM from the kubelet: stop, and release the lease so that
        // another replica takes over at once.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Log("SIGTERM: stopping");
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        LeaderElectionConfig? election = null;
        var health = new LeaderElectionHealthCheck(MaxTolerableExpiredLease);
        if (line.LeaderElect)
        {
            // client-go's convention: the host name (the pod's name in a pod) and a unique suffix.
            string identity = $"{Environment.MachineName}_{Guid.NewGuid()}";
            string leaseNs = line.LeaseNamespace ?? ns;
            election = new LeaderElectionConfig(new LeaseLock(new Clientset(rest), leaseNs, line.LeaseName, identity))
            {
                LeaseDuration = line.LeaseDuration,
                RenewDeadline = line.RenewDeadline,
                RetryPeriod = line.RetryPeriod,
                ReleaseOnCancel = true,
                WatchDog = health,
                OnNewLeader = leader => Log($"leader: {leader}{(leader == identity ? " (this replica)" : "")}"),
            };
        }

        Controller? controller = null;
        await using var probes = line.HealthPort > 0
            ? new HealthProbes(line.HealthPort, new Dictionary<string, Func<string?>>
            {
                ["/healthz"] = health.Check,
                ["/readyz"] = () => Volatile.Read(ref controller)?.HasSynced == true ? null : "the caches have not synced",
            })
            : null;

        Log($"ingress-controller: watching Services in {ns} ({config}; CA {config.Tls.CaFile ?? (config.Tls.CaData is null ? "the system roots" : "inline data")})" +
            (election is null ? "" : $"; leader election on lease {line.LeaseNamespace ?? ns}/{line.LeaseName} as {election.Lock.Identity}"));
        try
        {
            await IngressControllerHost.RunAsync(rest, ns, line.Workers, Log, stop.Token, election, c => Volatile.Write(ref controller, c));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"ingress-controller: {e.Message}");
            return 2;
        }
        Log("ingress-controller: stopped");
        return 0;
    }
}

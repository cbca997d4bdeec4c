using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Cache;
using Kube.Client.Controllers;
using Kube.Client.LeaderElection;
using Kube.Client.Record;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>Wires the controller: namespace-scoped informers on Services and Ingresses, Ingresses keyed by their owning Service.</summary>
public static class IngressControllerHost
{
    /// <summary>The source component of the events it records.</summary>
    public const string ComponentName = "ingress-controller";

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled. With <paramref name="election"/>
    /// only the holder of its lease reconciles (the informers run on every candidate); its
    /// OnStartedLeading is set here. <paramref name="started"/> gets the controller before it runs
    /// (for probes that ask whether its caches synced).
    /// </summary>
    public static async Task RunAsync(RestClient rest, string @namespace, int workers, Action<string>? log, CancellationToken cancellationToken,
        LeaderElectionConfig? election = null, Action<Controller>? started = null)
    {
        var clientset = new Clientset(rest);
        // sample-controller's wiring: a broadcaster writing to the API server, a recorder named for this controller.
        await using var broadcaster = new EventBroadcaster(new EventBroadcasterOptions { OnError = message => log?.Invoke("event not recorded: " + message) });
        broadcaster.StartRecordingToSink(new EventSink(clientset));
        var recorder = broadcaster.NewRecorder(ComponentName);
        await using var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = @namespace });
        var services = factory.Services();
        var ingresses = factory.Ingresses();
        var reconciler = new IngressReconciler(clientset, services.Lister(), ingresses.Lister(), log, recorder);
        var controller = new Controller(reconciler.ReconcileAsync, new ControllerOptions
        {
            Name = "ingress-controller",
            Workers = workers,
            // The request too: a Forbidden answer to a write may say no more than "is forbidden".
            OnReconcileError = f => log?.Invoke($"reconcile of {f.Key} failed (attempt {f.Attempt}{(f.WillRetry ? ", will retry" : ", giving up")}): {f.Error.Message}" +
                (f.Error is KubeApiException { Request: { } request } ? $" [{request}]" : "")),
            Log = log,
            LeaderElection = election,
        });
        controller.Watch(services);
        controller.Watch(ingresses, ControllerKeys.ControllerOwner("Service"));
        services.SetWatchErrorHandler(e => log?.Invoke($"services: {e.Message}"));
        ingresses.SetWatchErrorHandler(e => log?.Invoke($"ingresses: {e.Message}"));
        started?.Invoke(controller);
        factory.Start(cancellationToken);
        await controller.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}

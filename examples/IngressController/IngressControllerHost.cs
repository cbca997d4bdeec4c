using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Cache;
using Kube.Client.Controllers;
using Kube.Client.Record;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>Wires the controller: namespace-scoped informers on Services and Ingresses, Ingresses keyed by their owning Service.</summary>
public static class IngressControllerHost
{
    /// <summary>The source component of the events it records.</summary>
    public const string ComponentName = "ingress-controller";

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(RestClient rest, string @namespace, int workers, Action<string>? log, CancellationToken cancellationToken)
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
            OnReconcileError = f => log?.Invoke($"reconcile of {f.Key} failed (attempt {f.Attempt}{(f.WillRetry ? ", will retry" : ", giving up")}): {f.Error.Message}"),
            Log = log,
        });
        controller.Watch(services);
        controller.Watch(ingresses, ControllerKeys.ControllerOwner("Service"));
        factory.Start(cancellationToken);
        await controller.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}

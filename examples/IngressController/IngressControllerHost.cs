using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Cache;
using Kube.Client.Controllers;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>Wires the controller: namespace-scoped informers on Services and Ingresses, Ingresses keyed by their owning Service.</summary>
public static class IngressControllerHost
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(RestClient rest, string @namespace, int workers, Action<string>? log, CancellationToken cancellationToken)
    {
        var clientset = new Clientset(rest);
        await using var factory = new SharedInformerFactory(rest, new SharedInformerFactoryOptions { Namespace = @namespace });
        var services = factory.Services();
        var ingresses = factory.Ingresses();
        var reconciler = new IngressReconciler(clientset, services.Lister(), ingresses.Lister(), log);
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

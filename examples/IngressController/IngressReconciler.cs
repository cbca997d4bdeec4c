using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.NetworkingV1;
using Kube.Client.Record;
using Kube.Client.Rest;

namespace IngressController;

/// <summary>
/// Keeps an Ingress for every Service annotated <c>ingress/http</c> (the annotation's value, when
/// not empty, is the host), owned by the Service so the garbage collector deletes it with it.
/// Reads state from the informers' listers and writes through server-side apply. Like
/// sample-controller, it records an Event on the Service for each sync (Normal, Synced) and each
/// failure (Warning: ErrResourceExists, SyncFailed).
/// </summary>
public sealed class IngressReconciler
{
    public const string Annotation = "ingress/http";
    public const string FieldManager = "kube-client-ingress-controller";

    private readonly Clientset _clientset;
    private readonly Lister<Service> _services;
    private readonly Lister<Ingress> _ingresses;
    public const string SyncedReason = "Synced";
    public const string SyncFailedReason = "SyncFailed";
    public const string ResourceExistsReason = "ErrResourceExists";
    public const string IngressDeletedReason = "IngressDeleted";

    private readonly Action<string> _log;
    private readonly IEventRecorder? _recorder;

    public IngressReconciler(Clientset clientset, Lister<Service> services, Lister<Ingress> ingresses, Action<string>? log = null, IEventRecorder? recorder = null)
    {
        _clientset = clientset;
        _services = services;
        _ingresses = ingresses;
        _log = log ?? (_ => { });
        _recorder = recorder;
    }

    /// <summary>
    /// Brings the Ingress of the Service <paramref name="key"/> ("namespace/name") in line with the
    /// Service; a failure is recorded on the Service and thrown for the controller to retry.
    /// </summary>
    public async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = CacheKeys.SplitMetaNamespaceKey(key);
        var service = _services.Namespace(ns).Get(name);
        try
        {
            await SyncAsync(key, ns, name, service, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && service is not null)
        {
            _recorder?.Event(service, EventTypes.Warning, SyncFailedReason, $"Syncing Ingress {key} failed: {e.Message}");
            throw;
        }
    }

    private async Task SyncAsync(string key, string ns, string name, Service? service, CancellationToken cancellationToken)
    {
        var ingress = _ingresses.Namespace(ns).Get(name);
        var client = _clientset.NetworkingV1().Ingresses(ns);
        bool ours = ingress?.Metadata?.OwnerReferences?.Any(r => r.Controller == true && r.Kind == "Service" && r.Name == name) == true;

        string? host = null;
        bool wanted = service?.Metadata?.DeletionTimestamp is null
            && service?.Metadata?.Annotations?.TryGetValue(Annotation, out host) == true
            && service.Spec?.Ports is { Count: > 0 };
        if (!wanted)
        {
            if (ingress is null || !ours) return;
            try
            {
                await client.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            if (service is not null) _recorder?.Event(service, EventTypes.Normal, IngressDeletedReason, $"Deleted Ingress {key}: the Service has no {Annotation} annotation");
            _log($"deleted ingress {key}");
            return;
        }
        if (ingress is not null && !ours)
        {
            _recorder?.Event(service!, EventTypes.Warning, ResourceExistsReason, $"Ingress {key} exists and is not managed by this Service");
            _log($"ingress {key} exists and is not owned by service {key}; leaving it alone");
            return;
        }

        int port = service!.Spec!.Ports![0].Port ?? 0;
        var desired = Desired(service, name, ns, port, string.IsNullOrEmpty(host) ? null : host);
        if (ingress is null || !Matches(ingress, desired))
        {
            await client.ApplyAsync(desired, new ApplyOptions(FieldManager, force: true), cancellationToken).ConfigureAwait(false);
            _log($"{(ingress is null ? "created" : "updated")} ingress {key} -> {key}:{port}");
        }
        _recorder?.Event(service, EventTypes.Normal, SyncedReason, "Service synced successfully");
    }

    private static Ingress Desired(Service service, string name, string ns, int port, string? host) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "ingress-controller" },
            OwnerReferences = new List<OwnerReference>
            {
                new() { ApiVersion = "v1", Kind = "Service", Name = name, Uid = service.Metadata!.Uid, Controller = true, BlockOwnerDeletion = true },
            },
        },
        Spec = new IngressSpec
        {
            Rules = new List<IngressRule>
            {
                new()
                {
                    Host = host,
                    Http = new HTTPIngressRuleValue
                    {
                        Paths = new List<HTTPIngressPath>
                        {
                            new()
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new IngressBackend { Service = new IngressServiceBackend { Name = name, Port = new ServiceBackendPort { Number = port } } },
                            },
                        },
                    },
                },
            },
        },
    };

    private static bool Matches(Ingress current, Ingress desired)
    {
        var rules = current.Spec?.Rules;
        if (rules is not { Count: 1 }) return false;
        var want = desired.Spec!.Rules![0];
        var backend = rules[0].Http?.Paths?.FirstOrDefault()?.Backend?.Service;
        var owner = current.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        return rules[0].Host == want.Host
            && backend?.Name == want.Http!.Paths![0].Backend!.Service!.Name
            && backend?.Port?.Number == want.Http.Paths[0].Backend!.Service!.Port!.Number
            && owner?.Uid == desired.Metadata!.OwnerReferences![0].Uid;
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IngressController;
using Kube.Client.IntegrationTests.LeaderElection;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.NetworkingV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Controllers;

/// <summary>
/// The C# twin of examples/ingress-controller.ps1 (examples/IngressController) against the real control
/// plane: annotate a Service and an owned Ingress appears; delete the Ingress and it comes back; remove the
/// annotation and it goes; delete the Service and the garbage collector removes the Ingress. Every sync
/// and every failure is an Event on the Service, as in sample-controller.
/// </summary>
public class IngressControllerEndToEndTests
{
    [Fact]
    public async Task The_ingress_follows_the_annotated_service_is_recreated_when_deleted_and_goes_with_the_service()
    {
        await using var ns = await ScratchNamespace.CreateAsync("itests-ingctl");
        var services = ns.Clientset.CoreV1().Services(ns.Name);
        var ingresses = ns.Clientset.NetworkingV1().Ingresses(ns.Name);
        var log = new ConcurrentQueue<string>();

        var service = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Annotations = new Dictionary<string, string> { [IngressReconciler.Annotation] = "web.example.com" } },
            Spec = new ServiceSpec { Ports = new List<ServicePort> { new() { Name = "http", Port = 8080, TargetPort = 80 }, new() { Name = "admin", Port = 9090 } } },
        });
        // A Service without the annotation never gets one.
        await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "plain" },
            Spec = new ServiceSpec { Ports = new List<ServicePort> { new() { Port = 80 } } },
        });

        // An Ingress someone else made, and a Service asking for an Ingress the server refuses (a host that is no DNS name).
        await ingresses.CreateAsync(new Ingress
        {
            Metadata = new ObjectMeta { Name = "taken" },
            Spec = new IngressSpec { DefaultBackend = new IngressBackend { Service = new IngressServiceBackend { Name = "other", Port = new ServiceBackendPort { Number = 80 } } } },
        });
        var taken = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "taken", Annotations = new Dictionary<string, string> { [IngressReconciler.Annotation] = "" } },
            Spec = new ServiceSpec { Ports = new List<ServicePort> { new() { Port = 80 } } },
        });
        var bad = await services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "bad", Annotations = new Dictionary<string, string> { [IngressReconciler.Annotation] = "Not_A_Host!" } },
            Spec = new ServiceSpec { Ports = new List<ServicePort> { new() { Port = 80 } } },
        });

        using var stop = new CancellationTokenSource();
        var running = IngressControllerHost.RunAsync(ns.Rest, ns.Name, workers: 2, log.Enqueue, stop.Token);
        try
        {
            var ingress = await Eventually.SucceedsAsync("the ingress of web", ct => ingresses.GetAsync("web", cancellationToken: ct));
            var owner = Assert.Single(ingress.Metadata!.OwnerReferences!);
            Assert.Equal(("v1", "Service", "web", service.Metadata!.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            var rule = Assert.Single(ingress.Spec!.Rules!);
            Assert.Equal("web.example.com", rule.Host);
            var backend = Assert.Single(rule.Http!.Paths!).Backend!.Service!;
            Assert.Equal(("web", 8080), (backend.Name, backend.Port!.Number));
            // kubectl sees the same object.
            using (var seen = await Kubectl.GetJsonAsync(ns.Name, "ingress.networking.k8s.io", "web"))
            {
                var root = seen.RootElement;
                var reference = root.GetProperty("metadata").GetProperty("ownerReferences")[0];
                Assert.Equal("Service/web/True", $"{reference.GetProperty("kind")}/{reference.GetProperty("name")}/{reference.GetProperty("controller")}");
                Assert.Equal(8080, root.GetProperty("spec").GetProperty("rules")[0].GetProperty("http").GetProperty("paths")[0].GetProperty("backend").GetProperty("service").GetProperty("port").GetProperty("number").GetInt32());
            }
            Assert.DoesNotContain((await ingresses.ListAsync()).Items ?? new List<Ingress>(), i => i.Metadata!.Name == "plain");

            // Someone deletes it: it comes back, a new object.
            await ingresses.DeleteAsync("web");
            var recreated = await Eventually.SucceedsAsync("the ingress to come back", async ct =>
            {
                var i = await ingresses.GetAsync("web", cancellationToken: ct);
                if (i.Metadata!.Uid == ingress.Metadata!.Uid) throw new KubeApiException(new Status { Code = 404, Reason = "NotFound" });
                return i;
            });
            Assert.Equal(service.Metadata.Uid, recreated.Metadata!.OwnerReferences![0].Uid);

            // The annotation goes: so does the Ingress.
            await services.PatchAsync("web", PatchType.Merge, "{\"metadata\":{\"annotations\":{\"ingress/http\":null}}}");
            await Eventually.GoneAsync("the ingress of web", ct => ingresses.GetAsync("web", cancellationToken: ct));

            // Annotated again, it returns.
            await services.PatchAsync("web", PatchType.Merge, "{\"metadata\":{\"annotations\":{\"ingress/http\":\"\"}}}");
            var again = await Eventually.SucceedsAsync("the ingress to return", ct => ingresses.GetAsync("web", cancellationToken: ct));
            Assert.Null(again.Spec!.Rules![0].Host);
        }
        finally
        {
            stop.Cancel();
            await running;
        }

        // The events were written by the time the controller returned (its broadcaster drains on the way out).
        var query = new Kube.Client.Operations.EventQuery(ns.Clientset);
        async Task<List<Event>> EventsOf(Service s) =>
            (await query.ForObjectsAsync(new[] { Kube.Client.Record.ObjectReferences.For(s) })).Cast<Event>().ToList();
        var webEvents = await EventsOf(service);
        Assert.Contains(webEvents, e => e.Type == "Normal" && e.Reason == IngressReconciler.SyncedReason && e.Source!.Component == IngressControllerHost.ComponentName);
        Assert.Contains(webEvents, e => e.Type == "Normal" && e.Reason == IngressReconciler.IngressDeletedReason);
        Assert.DoesNotContain(webEvents, e => e.Type == "Warning");
        var takenEvent = Assert.Single(await EventsOf(taken));
        Assert.Equal(("Warning", IngressReconciler.ResourceExistsReason), (takenEvent.Type, takenEvent.Reason));
        var badEvents = await EventsOf(bad);
        Assert.NotEmpty(badEvents);
        Assert.All(badEvents, e => Assert.Equal(("Warning", IngressReconciler.SyncFailedReason), (e.Type, e.Reason)));
        Assert.Contains("Invalid", badEvents[0].Message);

        // With the controller stopped, only the garbage collector can remove it: through the ownerReference.
        await services.DeleteAsync("web");
        await Eventually.GoneAsync("the garbage collector to delete the ingress of web", ct => ingresses.GetAsync("web", cancellationToken: ct));
        Assert.Contains(log, l => l.StartsWith("created ingress", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("deleted ingress", StringComparison.Ordinal));
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Apply;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Manifests;
using Kube.Client.Mapping;
using Kube.Client.Models;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.IntegrationTests.InCluster;

/// <summary>
/// One of the deploy/ folders applied, as kubectl apply -f would, into a namespace of the test's
/// own: the manifests' namespace is rewritten, nothing else (the Deployment may be adjusted by the
/// caller). Reads the controller's pods, Lease and logs; deletes everything at the end.
/// </summary>
public sealed class ControllerDeployment
{
    public const string Name = "ingress-controller";
    public const string LeaseName = "ingress-controller";
    public const string Container = "controller";
    public const string Annotation = "ingress/http";
    public const string AppLabel = "app.kubernetes.io/name=ingress-controller";

    private static readonly Regex NamespaceLine = new(@"^(\s*(?:- )?(?:name|namespace): )kube-ps-ingress-controller(?:-ps)?\s*$", RegexOptions.Multiline);

    private ControllerDeployment(RestClient rest, string folder, string ns)
    {
        Rest = rest;
        Clientset = new Clientset(rest);
        Folder = folder;
        Namespace = ns;
    }

    public RestClient Rest { get; }

    public Clientset Clientset { get; }

    /// <summary>deploy/ingress-controller or deploy/ingress-controller-ps.</summary>
    public string Folder { get; }

    public string Namespace { get; }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "build.ps1")) && Directory.Exists(Path.Combine(dir.FullName, "deploy"))) return dir.FullName;
            throw new DirectoryNotFoundException($"the repository (build.ps1 and deploy/) is not above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The manifests of <paramref name="folder"/> with their namespace renamed to <paramref name="ns"/>.</summary>
    public static IReadOnlyList<Unstructured> ReadManifests(string folder, string ns)
    {
        var objects = new List<Unstructured>();
        foreach (string file in ManifestFiles.InDirectory(Path.Combine(RepoRoot, folder)).OrderBy(f => f, StringComparer.Ordinal))
        {
            string text = NamespaceLine.Replace(File.ReadAllText(file), m => m.Groups[1].Value + ns);
            foreach (var entry in ManifestReader.Read(text, file))
                objects.Add(entry.Object ?? throw entry.Error!);
        }
        return objects;
    }

    /// <summary>Applies the folder into <paramref name="ns"/> (which must not exist) and returns once the Deployment exists.</summary>
    public static async Task<ControllerDeployment> ApplyAsync(RestClient rest, string folder, string ns, Action<Deployment>? adjust = null, CancellationToken ct = default)
    {
        var deployment = new ControllerDeployment(rest, folder, ns);
        var mapper = RestMapper.ForServer(rest);
        var dynamic = new DynamicClient(rest);
        var options = new ApplyOptions("kube-ps-incluster-tests", force: true);
        foreach (var obj in ReadManifests(folder, ns))
        {
            var kind = obj.GetGroupVersionKind();
            var mapping = await mapper.MappingForAsync(kind, ct).ConfigureAwait(false);
            if (kind.Kind == "Deployment" && adjust is not null)
            {
                var typed = UnstructuredConverter.FromUnstructured<Deployment>(obj);
                adjust(typed);
                await deployment.Clientset.AppsV1().Deployments(ns).ApplyAsync(typed, options, ct).ConfigureAwait(false);
                continue;
            }
            var client = mapping.Namespaced ? dynamic.Resource(mapping.Resource).Namespace(ns) : dynamic.Resource(mapping.Resource);
            await ResourceApplier.ApplyAsync(client, obj, options, ct).ConfigureAwait(false);
        }
        return deployment;
    }

    public async Task<IReadOnlyList<Pod>> PodsAsync(CancellationToken ct = default) =>
        (await Clientset.CoreV1().Pods(Namespace).ListAsync(new ListOptions { LabelSelector = AppLabel }, ct).ConfigureAwait(false)).Items ?? new List<Pod>();

    public async Task<Lease?> LeaseAsync(CancellationToken ct = default)
    {
        try
        {
            return await Clientset.CoordinationV1().Leases(Namespace).GetAsync(LeaseName, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The controller container's log (the previous container's with <paramref name="previous"/>).</summary>
    public async Task<string> LogsAsync(string pod, bool previous = false, CancellationToken ct = default)
    {
        var request = Rest.Get().AbsPath($"/api/v1/namespaces/{Namespace}/pods/{pod}/log").Param("container", Container);
        if (previous) request = request.Param("previous", "true");
        byte[] body = await request.DoRawAsync(ct).ConfigureAwait(false);
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>
    /// Waits until the Deployment has rolled out its current template: <paramref name="replicas"/>
    /// updated pods, all Ready and none other left. Fails at once when a pod cannot get its image.
    /// </summary>
    public async Task<IReadOnlyList<Pod>> WaitRolledOutAsync(int replicas, TimeSpan timeout, CancellationToken ct = default)
    {
        IReadOnlyList<Pod> pods = Array.Empty<Pod>();
        await Eventually.UntilAsync($"{replicas} ready pods of {Namespace}/{Name} on the current template", async c =>
        {
            var d = await Clientset.AppsV1().Deployments(Namespace).GetAsync(Name, cancellationToken: c).ConfigureAwait(false);
            pods = await PodsAsync(c).ConfigureAwait(false);
            foreach (var pod in pods)
            {
                var waiting = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting;
                if (waiting?.Reason is "ErrImagePull" or "ImagePullBackOff" or "ErrImageNeverPull" or "InvalidImageName")
                    throw new InvalidOperationException($"pod {pod.Metadata?.Name} cannot get its image ({waiting.Reason}: {waiting.Message}); build and import the images first: dotnet pwsh ./build.ps1 Image");
            }
            var live = pods.Where(p => p.Metadata?.DeletionTimestamp is null).ToList();
            return d.Status?.ObservedGeneration == d.Metadata?.Generation
                && d.Status?.UpdatedReplicas == replicas && d.Status?.ReadyReplicas == replicas && d.Status?.Replicas == replicas
                && pods.Count == replicas && live.All(IsReady);
        }, timeout, ct).ConfigureAwait(false);
        return pods;
    }

    public static bool IsReady(Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>The pod whose name the holder identity starts with ("pod_suffix"); null when none does.</summary>
    public static Pod? HolderPod(Lease? lease, IEnumerable<Pod> pods)
    {
        string holder = lease?.Spec?.HolderIdentity ?? "";
        return holder.Length == 0 ? null : pods.FirstOrDefault(p => holder.StartsWith(p.Metadata!.Name + "_", StringComparison.Ordinal));
    }

    /// <summary>Waits until a pod of the Deployment holds the Lease, and returns both.</summary>
    public async Task<(Lease Lease, Pod Pod)> WaitForLeaderAsync(TimeSpan timeout, Func<Lease, bool>? also = null, CancellationToken ct = default)
    {
        Lease? lease = null;
        Pod? pod = null;
        await Eventually.UntilAsync($"a pod of {Namespace}/{Name} to hold Lease {LeaseName}", async c =>
        {
            lease = await LeaseAsync(c).ConfigureAwait(false);
            pod = HolderPod(lease, await PodsAsync(c).ConfigureAwait(false));
            return pod is not null && (also is null || also(lease!));
        }, timeout, ct).ConfigureAwait(false);
        return (lease!, pod!);
    }

    public Task<Service> CreateAnnotatedServiceAsync(string name, CancellationToken ct = default) =>
        Clientset.CoreV1().Services(Namespace).CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = name, Annotations = new Dictionary<string, string> { [Annotation] = name + ".example.com" } },
            Spec = new ServiceSpec { Ports = new List<ServicePort> { new() { Port = 80, TargetPort = 8080 } } },
        }, cancellationToken: ct);

    /// <summary>
    /// Every annotated Service of the namespace has exactly one Ingress, named after it and owned by
    /// it, and there is no other Ingress. Returns the Ingresses by name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Models.NetworkingV1.Ingress>> WaitIngressesMatchServicesAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        Dictionary<string, Models.NetworkingV1.Ingress> byName = new();
        string state = "";
        try
        {
            await Eventually.UntilAsync($"one Ingress for each annotated Service of {Namespace}", async c =>
            {
                var services = (await Clientset.CoreV1().Services(Namespace).ListAsync(cancellationToken: c).ConfigureAwait(false)).Items!
                    .Where(s => s.Metadata?.Annotations?.ContainsKey(Annotation) == true).ToDictionary(s => s.Metadata!.Name!);
                var ingresses = (await Clientset.NetworkingV1().Ingresses(Namespace).ListAsync(cancellationToken: c).ConfigureAwait(false)).Items!;
                byName = ingresses.ToDictionary(i => i.Metadata!.Name!);
                state = $"services [{string.Join(" ", services.Keys.OrderBy(k => k))}], ingresses [{string.Join(" ", byName.Keys.OrderBy(k => k))}]";
                return services.Count == ingresses.Count && ingresses.All(i =>
                    services.TryGetValue(i.Metadata!.Name!, out var s) &&
                    i.Metadata.OwnerReferences?.Count(r => r.Controller == true) == 1 &&
                    i.Metadata.OwnerReferences.Single(r => r.Controller == true).Uid == s.Metadata!.Uid);
            }, timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Last seen: {state}", e);
        }
        return byName;
    }

    /// <summary>Force-deletes the pods (no grace) and deletes the namespace.</summary>
    public async Task DeleteAsync()
    {
        try
        {
            await Clientset.CoreV1().Pods(Namespace).DeleteCollectionAsync(new DeleteOptions { GracePeriodSeconds = 0 }, new ListOptions()).ConfigureAwait(false);
        }
        catch (KubeApiException)
        {
        }
        try
        {
            await Clientset.CoreV1().Namespaces().DeleteAsync(Namespace).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }
}

using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.IntegrationTests.Operations;

/// <summary>
/// Deployments, StatefulSets and DaemonSets for the rollout tests whose pods never run: no scheduler
/// serves their schedulerName (and no node matches the DaemonSet's selector), so the controllers make
/// revisions without the node doing any work.
/// </summary>
internal static class Workloads
{
    public static PodTemplateSpec Template(string app, string image) => new()
    {
        Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new PodSpec
        {
            SchedulerName = Objects.NoScheduler,
            Containers = new List<Container> { new() { Name = "main", Image = image } },
        },
    };

    public static Deployment Deployment(string name, string image, int replicas = 1, int? progressDeadlineSeconds = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            ProgressDeadlineSeconds = progressDeadlineSeconds,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, image),
        },
    };

    public static StatefulSet StatefulSet(string name, string image) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new StatefulSetSpec
        {
            Replicas = 1,
            ServiceName = name,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, image),
        },
    };

    public static DaemonSet DaemonSet(string name, string image)
    {
        var template = Template(name, image);
        template.Spec!.NodeSelector = new Dictionary<string, string> { ["kube-ps/no-such-node"] = "true" };
        return new DaemonSet
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = template,
            },
        };
    }

    /// <summary>Waits until the deployment controller has seen the newest spec and numbered it <paramref name="revision"/>.</summary>
    public static async Task<Deployment> ObservedAsync(Clientset clientset, string ns, string name, long revision, CancellationToken cancellationToken = default)
    {
        Deployment? seen = null;
        string wanted = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.UntilAsync($"Deployment {ns}/{name} at revision {revision}", async ct =>
        {
            seen = await clientset.AppsV1().Deployments(ns).GetAsync(name, cancellationToken: ct);
            return seen.Status?.ObservedGeneration >= seen.Metadata?.Generation
                && seen.Metadata?.Annotations?.TryGetValue(Kube.Client.Operations.RolloutStatusViewer.RevisionAnnotation, out var r) == true && r == wanted;
        }, cancellationToken: cancellationToken);
        return seen!;
    }
}

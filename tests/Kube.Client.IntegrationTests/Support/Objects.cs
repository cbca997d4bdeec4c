using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>Small builders for the objects the tests create.</summary>
public static class Objects
{
    public const string PauseImage = "k8s.gcr.io/pause:3.2";

    /// <summary>
    /// A scheduler name that no scheduler serves. The local cluster has a scheduler and a node, so
    /// the pods these builders make name it: they stay Pending and unbound, the node never runs
    /// them (their image is not on it) and no kubelet writes their status, which tests set
    /// themselves through the status subresource.
    /// </summary>
    public const string NoScheduler = "kube-ps-unscheduled";

    public static ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null, IDictionary<string, string>? data = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Labels = labels is null ? null : new Dictionary<string, string>(labels),
        },
        Data = data is null ? null : new Dictionary<string, string>(data),
    };

    public static Pod Pod(string name, IDictionary<string, string>? labels = null, params string[] containerNames) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Labels = labels is null ? null : new Dictionary<string, string>(labels),
        },
        Spec = new PodSpec
        {
            SchedulerName = NoScheduler,
            Containers = (containerNames.Length == 0 ? new[] { "main" } : containerNames)
                .Select(c => new Container { Name = c, Image = PauseImage })
                .ToList(),
        },
    };

    public static Deployment Deployment(string name, int replicas = 1, params string[] containerNames) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new PodSpec
                {
                    SchedulerName = NoScheduler,
                    Containers = (containerNames.Length == 0 ? new[] { "main" } : containerNames)
                        .Select(c => new Container { Name = c, Image = PauseImage })
                        .ToList(),
                },
            },
        },
    };

    /// <summary>An owner reference to <paramref name="owner"/> that blocks the owner's foreground deletion.</summary>
    public static OwnerReference OwnedBy(ConfigMap owner) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Name = owner.Metadata!.Name,
        Uid = owner.Metadata.Uid,
        BlockOwnerDeletion = true,
    };

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}

using Kube.Client.Models.AppsV1;
using Kube.Client.Models.BatchV1;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.NetworkingV1;
using Kube.Client.Typed.AppsV1;
using Kube.Client.Typed.BatchV1;
using Kube.Client.Typed.CoordinationV1;
using Kube.Client.Typed.CoreV1;
using Kube.Client.Typed.NetworkingV1;

namespace Kube.Client.Cache;

/// <summary>The shared informers of the resources controllers watch most, without spelling out descriptors.</summary>
public static class SharedInformerFactoryExtensions
{
    public static SharedIndexInformer<Pod> Pods(this SharedInformerFactory factory) => factory.InformerFor(PodsClient.Descriptor);

    public static SharedIndexInformer<ConfigMap> ConfigMaps(this SharedInformerFactory factory) => factory.InformerFor(ConfigMapsClient.Descriptor);

    public static SharedIndexInformer<Secret> Secrets(this SharedInformerFactory factory) => factory.InformerFor(SecretsClient.Descriptor);

    public static SharedIndexInformer<Service> Services(this SharedInformerFactory factory) => factory.InformerFor(ServicesClient.Descriptor);

    public static SharedIndexInformer<Endpoints> Endpoints(this SharedInformerFactory factory) => factory.InformerFor(EndpointsClient.Descriptor);

    public static SharedIndexInformer<ServiceAccount> ServiceAccounts(this SharedInformerFactory factory) => factory.InformerFor(ServiceAccountsClient.Descriptor);

    public static SharedIndexInformer<PersistentVolumeClaim> PersistentVolumeClaims(this SharedInformerFactory factory) => factory.InformerFor(PersistentVolumeClaimsClient.Descriptor);

    public static SharedIndexInformer<Event> Events(this SharedInformerFactory factory) => factory.InformerFor(EventsClient.Descriptor);

    /// <summary>Namespaces are cluster-scoped: the factory's namespace does not apply.</summary>
    public static SharedIndexInformer<Namespace> Namespaces(this SharedInformerFactory factory) => factory.InformerFor(NamespacesClient.Descriptor);

    /// <summary>Nodes are cluster-scoped: the factory's namespace does not apply.</summary>
    public static SharedIndexInformer<Node> Nodes(this SharedInformerFactory factory) => factory.InformerFor(NodesClient.Descriptor);

    public static SharedIndexInformer<Deployment> Deployments(this SharedInformerFactory factory) => factory.InformerFor(DeploymentsClient.Descriptor);

    public static SharedIndexInformer<ReplicaSet> ReplicaSets(this SharedInformerFactory factory) => factory.InformerFor(ReplicaSetsClient.Descriptor);

    public static SharedIndexInformer<StatefulSet> StatefulSets(this SharedInformerFactory factory) => factory.InformerFor(StatefulSetsClient.Descriptor);

    public static SharedIndexInformer<DaemonSet> DaemonSets(this SharedInformerFactory factory) => factory.InformerFor(DaemonSetsClient.Descriptor);

    public static SharedIndexInformer<Job> Jobs(this SharedInformerFactory factory) => factory.InformerFor(JobsClient.Descriptor);

    public static SharedIndexInformer<Ingress> Ingresses(this SharedInformerFactory factory) => factory.InformerFor(IngressesClient.Descriptor);

    public static SharedIndexInformer<Lease> Leases(this SharedInformerFactory factory) => factory.InformerFor(LeasesClient.Descriptor);
}

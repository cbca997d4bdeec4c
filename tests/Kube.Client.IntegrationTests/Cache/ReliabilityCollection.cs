using Kube.Client.IntegrationTests.Support;
using Xunit;

namespace Kube.Client.IntegrationTests.Cache;

/// <summary>
/// The informer reliability tests kill and restart apiservers of their own and compact etcd: they
/// run one after another, sharing one namespace.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "informer reliability";
}

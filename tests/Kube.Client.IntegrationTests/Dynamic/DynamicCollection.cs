using Xunit;

namespace Kube.Client.IntegrationTests.Dynamic;

/// <summary>The dynamic-client tests share one namespace and one CRD, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DynamicCollection : ICollectionFixture<DynamicClusterFixture>
{
    public const string Name = "dynamic client";
}

using Xunit;

namespace Kube.Client.IntegrationTests.Protobuf;

/// <summary>The protobuf tests share one seeded namespace and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ProtobufCollection : ICollectionFixture<ProtobufClusterFixture>
{
    public const string Name = "protobuf";
}

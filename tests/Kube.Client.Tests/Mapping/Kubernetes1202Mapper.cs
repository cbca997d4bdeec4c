using System;
using System.Threading.Tasks;
using Kube.Client.Discovery;
using Kube.Client.Mapping;
using Kube.Client.Tests.Fakes;

namespace Kube.Client.Tests.Mapping;

/// <summary>One mapper over the captured discovery of Kubernetes 1.20.2, shared by a test class.</summary>
public sealed class Kubernetes1202Mapper
{
    private readonly Lazy<Task<StaticRestMapper>> _mapper = new(async () =>
    {
        using var server = new FakeDiscoveryServer();
        using var rest = server.CreateRestClient();
        var discovered = await new DiscoveryClient(rest).ServerGroupsAndResourcesAsync();
        return new StaticRestMapper(discovered.ThrowIfIncomplete());
    });

    public Task<StaticRestMapper> GetAsync() => _mapper.Value;
}

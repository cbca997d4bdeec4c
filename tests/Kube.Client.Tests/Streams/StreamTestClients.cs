using Kube.Client.Config;
using Kube.Client.Rest;

namespace Kube.Client.Tests.Streams;

/// <summary>RestClients for stream tests, over the runtime's WebSocket stack or our own (what netstandard2.0 runs).</summary>
internal static class StreamTestClients
{
    public static RestClient Create(RestConfig config, bool ownWebSocketStack)
    {
        var rest = RestClient.Create(config);
        rest.OwnWebSocketStack = ownWebSocketStack;
        return rest;
    }
}

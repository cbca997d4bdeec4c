namespace Kube.Client.Rest;

// TEMP stub: the Rest layer branch provides the real RestClient.
public sealed class RestClient
{
}

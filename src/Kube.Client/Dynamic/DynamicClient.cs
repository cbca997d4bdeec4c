using System;
using Kube.Client.Config;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Dynamic;

/// <summary>
/// A client for any resource, custom resources included, over <see cref="Models.Unstructured"/>
/// objects (client-go's dynamic.Interface): <c>dynamic.Resource(gvr).Namespace("ns").GetAsync("name")</c>.
/// It builds every request on the shared <see cref="Rest.RestClient"/>, so limiter, retries, errors
/// (<see cref="KubeApiException"/>) and tracing are those of the typed <see cref="Clientset"/>.
/// Thread-safe and cheap: make one per <see cref="Rest.RestClient"/>.
/// </summary>
/// <remarks>
/// The dynamic client does not know whether a resource is namespaced; it goes where it is pointed.
/// Find the resource and scope of a kind with a RESTMapper, then call
/// <see cref="DynamicResourceClient.Namespace"/> for namespaced resources only.
/// </remarks>
public sealed class DynamicClient
{
    public DynamicClient(RestClient rest)
    {
        RestClient = rest ?? throw new ArgumentNullException(nameof(rest));
    }

    /// <summary>A dynamic client over a new <see cref="Rest.RestClient"/> for <paramref name="config"/>.</summary>
    public static DynamicClient Create(RestConfig config, Action<string>? warn = null) => new(RestClient.Create(config, warn));

    public RestClient RestClient { get; }

    /// <summary>
    /// The client of one resource, such as ("apps", "v1", "deployments") or a custom resource's
    /// ("stable.example.com", "v1", "crontabs"): cluster-wide (cluster-scoped resources, or
    /// every namespace for list, watch and delete-collection) until given a namespace.
    /// </summary>
    /// <exception cref="ArgumentException">The version or resource is empty.</exception>
    public DynamicResourceClient Resource(GroupVersionResource resource)
    {
        if (string.IsNullOrEmpty(resource.Version))
            throw new ArgumentException($"the resource {resource} has no version", nameof(resource));
        if (string.IsNullOrEmpty(resource.Resource))
            throw new ArgumentException($"the resource {resource} has no resource name (the plural, such as \"deployments\")", nameof(resource));
        if (resource.Group is null)
            throw new ArgumentException("the group of the resource is null; the core group is \"\"", nameof(resource));
        return new DynamicResourceClient(RestClient, resource, null);
    }
}

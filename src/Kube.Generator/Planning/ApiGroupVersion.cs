using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>One API group version and its resources: one group client (CoreV1Client).</summary>
public sealed class ApiGroupVersion
{
    public ApiGroupVersion(string group, string version, string clientPrefix)
    {
        Group = group;
        Version = version;
        ClientPrefix = clientPrefix;
    }

    /// <summary>"" for the core group, "apps", "rbac.authorization.k8s.io"...</summary>
    public string Group { get; }

    public string Version { get; }

    /// <summary>client-go's clientset name: CoreV1, AppsV1, RbacV1, InternalV1alpha1.</summary>
    public string ClientPrefix { get; }

    public string ClientName => ClientPrefix + "Client";

    public SortedDictionary<string, ApiResource> Resources { get; } = new(System.StringComparer.Ordinal);
}

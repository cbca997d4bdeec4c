using System.IO;
using System.Linq;
using Kube.Client.Tests.Support;
using Kube.Generator.Planning;
using Kube.Generator.Spec;
using Xunit;

namespace Kube.Client.Tests.Generator;

public sealed class ResourceCatalogTests
{
    private static ResourceCatalog Catalog()
    {
        var spec = ApiSpec.Parse(File.ReadAllText(TestFiles.SpecPath), TestFiles.SpecPath);
        return ResourceCatalog.Build(spec, ModelCatalog.Build(spec));
    }

    private static ApiResource Resource(ResourceCatalog catalog, string prefix, string plural) =>
        catalog.GroupVersions.Single(g => g.ClientPrefix == prefix).Resources[plural];

    [SpecFact]
    public void Scope_verbs_and_subresources_come_from_the_paths()
    {
        var catalog = Catalog();

        var pods = Resource(catalog, "CoreV1", "pods");
        Assert.True(pods.Namespaced);
        Assert.Equal(new[] { "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch" }, pods.Verbs);
        Assert.Equal(new[] { "binding", "eviction", "status" }, pods.Subresources.Keys);
        Assert.Equal("Status", pods.Subresources["eviction"].CreateResult!.Name);

        var namespaces = Resource(catalog, "CoreV1", "namespaces");
        Assert.False(namespaces.Namespaced);
        Assert.DoesNotContain("deletecollection", namespaces.Verbs);

        var tokenReviews = Resource(catalog, "AuthenticationV1", "tokenreviews");
        Assert.Equal(new[] { "create" }, tokenReviews.Verbs);
        Assert.Null(tokenReviews.List);

        var deploymentScale = Resource(catalog, "AppsV1", "deployments").Subresources["scale"];
        Assert.Equal("Scale", deploymentScale.GetResult!.Name);
        Assert.Null(deploymentScale.PatchResult);
    }

    [SpecFact]
    public void The_real_document_yields_the_clientset_groups_of_client_go()
    {
        var prefixes = Catalog().GroupVersions.Select(g => g.ClientPrefix).ToList();

        Assert.Equal(44, prefixes.Count);
        Assert.Contains("CoreV1", prefixes);
        Assert.Contains("InternalV1alpha1", prefixes);
        Assert.Contains("AutoscalingV2beta2", prefixes);
        Assert.Contains("ApiextensionsV1", prefixes);
        Assert.Contains("ApiregistrationV1beta1", prefixes);
    }

    [SpecFact]
    public void Streaming_and_text_endpoints_are_listed_as_not_generated()
    {
        var skipped = Catalog().Skipped;

        Assert.Contains(skipped, s => s.StartsWith("v1 pods/exec", System.StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("v1 pods/log", System.StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("v1 pods/portforward", System.StringComparison.Ordinal));
    }
}

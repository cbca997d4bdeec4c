using System;
using System.Linq;
using Kube.Client.Discovery;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.Tests.Discovery;

public sealed class ApiResourceFilterTests
{
    private static readonly APIResourceInfo[] Served =
    {
        new(new GroupVersion("apps", "v1"), "deployments", "Deployment", true, "deployment", new[] { "deploy" }, new[] { "get", "list", "watch", "patch" }, new[] { "all" }),
        new(new GroupVersion("apps", "v1"), "deployments/scale", "Scale", true, verbs: new[] { "get" }),
        new(new GroupVersion("", "v1"), "pods", "Pod", true, "pod", new[] { "po" }, new[] { "get", "list", "watch" }, new[] { "all" }),
        new(new GroupVersion("", "v1"), "namespaces", "Namespace", false, "namespace", new[] { "ns" }, new[] { "get", "list" }),
        new(new GroupVersion("", "v1"), "configmaps", "ConfigMap", true, "configmap", new[] { "cm" }, new[] { "get", "list", "watch", "patch" }),
        new(new GroupVersion("example.com", "v1"), "widgets", "Widget", true, verbs: new[] { "get" }, categories: new[] { "toys" }),
    };

    private static string[] Names(ApiResourceFilter filter) => filter.Apply(Served).Select(r => r.FullName).ToArray();

    [Fact]
    public void Without_filters_every_resource_but_subresources_comes_sorted_by_group_then_name()
    {
        Assert.Equal(new[] { "configmaps", "namespaces", "pods", "deployments.apps", "widgets.example.com" }, Names(new ApiResourceFilter()));
    }

    [Fact]
    public void A_name_matches_the_plural_the_singular_the_kind_or_a_short_name()
    {
        Assert.Equal(new[] { "deployments.apps" }, Names(new ApiResourceFilter { Name = n => n == "deploy" }));
        Assert.Equal(new[] { "pods" }, Names(new ApiResourceFilter { Name = n => n == "Pod" }));
        Assert.Equal(new[] { "namespaces" }, Names(new ApiResourceFilter { Name = n => n == "namespace" }));
        Assert.Empty(Names(new ApiResourceFilter { Name = n => n == "scale" }));
    }

    [Fact]
    public void Group_scope_verbs_and_categories_narrow_the_list()
    {
        Assert.Equal(new[] { "configmaps", "namespaces", "pods" }, Names(new ApiResourceFilter { ApiGroup = "" }));
        Assert.Equal(new[] { "deployments.apps" }, Names(new ApiResourceFilter { ApiGroup = "APPS" }));
        Assert.Equal(new[] { "namespaces" }, Names(new ApiResourceFilter { Namespaced = false }));
        Assert.Equal(new[] { "configmaps", "deployments.apps" }, Names(new ApiResourceFilter { Verbs = new[] { "watch", "PATCH" } }));
        Assert.Equal(new[] { "pods", "deployments.apps", "widgets.example.com" }, Names(new ApiResourceFilter { Categories = new[] { "toys", "all" } }));
        Assert.Equal(new[] { "pods" }, Names(new ApiResourceFilter { Categories = new[] { "all" }, ApiGroup = "" }));
    }
}

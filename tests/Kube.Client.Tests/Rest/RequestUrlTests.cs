using System;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.Rest;

public class RequestUrlTests
{
    private static readonly Kube.Client.Rest.RestClient Rest = TestRest.Create(new FakeHttpHandler());

    [Fact]
    public void Core_group_namespaced_resource_builds_api_v1_path()
    {
        var uri = Rest.Get().ApiVersion("v1").Namespace("kube-system").Resource("pods").Name("etcd-0").BuildUri();
        Assert.Equal("https://kube.test:6443/api/v1/namespaces/kube-system/pods/etcd-0", uri.AbsoluteUri);
    }

    [Fact]
    public void Named_group_with_subresource_builds_apis_path()
    {
        var uri = Rest.Put().ApiVersion("apps/v1").Namespace("x").Resource("deployments").Name("web").SubResource("scale").BuildUri();
        Assert.Equal("https://kube.test:6443/apis/apps/v1/namespaces/x/deployments/web/scale", uri.AbsoluteUri);
    }

    [Fact]
    public void Empty_namespace_means_all_namespaces()
    {
        var uri = Rest.Get().ApiVersion("v1").Namespace("").Resource("pods").BuildUri();
        Assert.Equal("/api/v1/pods", uri.AbsolutePath);
    }

    [Fact]
    public void List_options_become_escaped_query_parameters()
    {
        var uri = Rest.Get().ApiVersion("v1").Resource("pods").Params(ParameterCodec.Encode(new ListOptions
        {
            LabelSelector = "app in (a,b),tier!=db",
            FieldSelector = "status.phase=Pending",
            Limit = 500,
            Continue = "abc/+=",
            ResourceVersion = "0",
            TimeoutSeconds = 300,
            AllowWatchBookmarks = true,
        })).BuildUri();
        Assert.Equal(
            "?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Ddb&fieldSelector=status.phase%3DPending&limit=500&continue=abc%2F%2B%3D&resourceVersion=0&timeoutSeconds=300&allowWatchBookmarks=true",
            uri.Query);
    }

    [Fact]
    public void Server_path_prefix_is_kept()
    {
        var rest = new Kube.Client.Rest.RestClient(new Kube.Client.Config.RestConfig { Host = new Uri("https://proxy.test/k8s/clusters/c-1") }, new FakeHttpHandler());
        Assert.Equal("/k8s/clusters/c-1/api/v1/namespaces", rest.Get().ApiVersion("v1").Resource("namespaces").BuildUri().AbsolutePath);
    }

    [Theory]
    [InlineData("a/b", "may not contain '/'")]
    [InlineData("..", "may not be '..'")]
    [InlineData("50%", "may not contain '%'")]
    public void Invalid_names_are_rejected_with_the_reason(string name, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => Rest.Get().ApiVersion("v1").Resource("pods").Name(name).BuildUri());
        Assert.Contains($"invalid resource name \"{name}\": {why}", e.Message);
    }

    [Fact]
    public void Malformed_api_version_is_reported()
    {
        var e = Assert.Throws<FormatException>(() => Rest.Get().ApiVersion("apps/v1/extra").BuildUri());
        Assert.Contains("apps/v1/extra", e.Message);
    }
}

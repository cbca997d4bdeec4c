using System.Linq;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class ParameterCodecTests
{
    private static string Query(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));

    [Fact]
    public void Unset_options_encode_to_nothing()
    {
        Assert.Empty(ParameterCodec.Encode((ListOptions?)null));
        Assert.Empty(ParameterCodec.Encode(new ListOptions()));
        Assert.Empty(ParameterCodec.Encode(new GetOptions { ResourceVersion = "" }));
        Assert.Empty(ParameterCodec.Encode(new CreateOptions()));
        Assert.Empty(ParameterCodec.Encode(new PatchOptions { FieldManager = "" }));
    }

    [Fact]
    public void List_options_use_the_api_names_in_a_fixed_order()
    {
        var options = new ListOptions
        {
            AllowWatchBookmarks = true, TimeoutSeconds = 30, ResourceVersionMatch = "NotOlderThan", ResourceVersion = "7",
            Continue = "c", Limit = 5, FieldSelector = "f=1", LabelSelector = "l=2",
        };

        Assert.Equal("labelSelector=l=2&fieldSelector=f=1&limit=5&continue=c&resourceVersion=7&resourceVersionMatch=NotOlderThan&timeoutSeconds=30&allowWatchBookmarks=true",
            Query(ParameterCodec.Encode(options)));
    }

    [Fact]
    public void An_empty_resource_version_of_a_list_is_sent_because_it_means_the_latest()
    {
        Assert.Equal("resourceVersion=", Query(ParameterCodec.Encode(new ListOptions { ResourceVersion = "" })));
    }

    [Fact]
    public void Write_options_send_dry_run_as_All_and_force_only_when_set()
    {
        Assert.Equal("dryRun=All&fieldManager=me", Query(ParameterCodec.Encode(new UpdateOptions { DryRun = true, FieldManager = "me" })));
        Assert.Equal("fieldManager=me&force=false", Query(ParameterCodec.Encode(new PatchOptions { FieldManager = "me", Force = false })));
        Assert.Equal("fieldManager=a&force=true", Query(ParameterCodec.Encode(new ApplyOptions("a", force: true).ToPatchOptions())));
    }
}

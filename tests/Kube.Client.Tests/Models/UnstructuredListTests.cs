using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class UnstructuredListTests
{
    // What GET /api/v1/namespaces/x/configmaps returns: the items carry no apiVersion or kind.
    private const string BuiltInList =
        "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"selfLink\":\"/api/v1/namespaces/x/configmaps\",\"resourceVersion\":\"9007199254740993\",\"continue\":\"tok\",\"remainingItemCount\":12}," +
        "\"items\":[{\"metadata\":{\"name\":\"a\",\"namespace\":\"x\"},\"data\":{\"k\":\"v\"}},{\"metadata\":{\"name\":\"b\",\"namespace\":\"x\"}}]}";

    // What a custom resource list looks like: Go map order, items carry their own type.
    private const string CustomList =
        "{\"apiVersion\":\"example.com/v1\",\"items\":[{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}],\"kind\":\"WidgetList\",\"metadata\":{\"continue\":\"\",\"resourceVersion\":\"77\"}}";

    [Fact]
    public void List_metadata_is_read_through_accessors()
    {
        var list = UnstructuredList.Parse(BuiltInList);

        Assert.Equal("v1", list.ApiVersion);
        Assert.Equal("ConfigMapList", list.Kind);
        Assert.Equal("9007199254740993", list.ResourceVersion);
        Assert.Equal("tok", list.Continue);
        Assert.Equal(12, list.RemainingItemCount);
        Assert.Equal(new[] { "a", "b" }, list.Items.ConvertAll(i => i.Name!));
    }

    [Fact]
    public void Items_without_a_type_get_the_list_apiVersion_and_kind()
    {
        var list = UnstructuredList.Parse(BuiltInList);

        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"x\"},\"data\":{\"k\":\"v\"}}", list.Items[0].ToJson());
    }

    [Fact]
    public void Items_keep_their_own_type_and_the_list_keeps_its_member_order()
    {
        var list = UnstructuredList.Parse(CustomList);

        Assert.Equal("Widget", list.Items[0].Kind);
        Assert.Equal(CustomList, list.ToJson());
    }

    [Fact]
    public void A_list_built_in_code_writes_items_last()
    {
        var list = new UnstructuredList("v1", "ConfigMapList") { ResourceVersion = "5" };
        list.Items.Add(new Unstructured("v1", "ConfigMap") { Name = "a" });

        Assert.Equal("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}]}", list.ToJson());
    }

    [Fact]
    public async Task A_list_is_read_from_a_stream()
    {
        var list = await UnstructuredList.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(BuiltInList)));

        Assert.Equal(2, list.Items.Count);
    }

    [Theory]
    [InlineData("{\"kind\":\"XList\",\"items\":{}}", "\"items\" must be an array, but it is an object")]
    [InlineData("{\"kind\":\"XList\",\"items\":[{},3]}", "items[1] must be an object, but it is a number")]
    [InlineData("{\"kind\":\"XList\",\"items\":[],\"items\":[]}", "\"items\" appears more than once")]
    [InlineData("{\"kind\":\"XList\",\"items\":[{\"a\":1,\"a\":2}]}", "in items[0], which starts at byte 25: The field \"a\" appears more than once")]
    public void A_malformed_list_is_refused_with_the_place_of_the_fault(string json, string message)
    {
        var e = Assert.Throws<JsonException>(() => UnstructuredList.Parse(json));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_null_items_field_reads_as_an_empty_list()
    {
        Assert.Empty(UnstructuredList.Parse("{\"kind\":\"XList\",\"items\":null}").Items);
    }

    [Fact]
    public void The_typed_list_view_reads_and_writes_ListMeta()
    {
        var list = UnstructuredList.Parse(CustomList);
        IKubeList<Unstructured> generic = list;

        Assert.Equal("77", generic.Metadata!.ResourceVersion);
        Assert.Same(list.Items, generic.Items);

        generic.Metadata = new ListMeta { ResourceVersion = "78", Continue = "next" };

        Assert.Equal("78", list.ResourceVersion);
        Assert.Equal("next", list.Continue);
    }

    [Fact]
    public void A_list_converts_to_one_unstructured_object_and_back()
    {
        var list = UnstructuredList.Parse(BuiltInList);

        var single = list.ToUnstructured();
        var back = UnstructuredList.FromUnstructured(single);

        Assert.Equal(2, single.NestedSlice("items")!.Count);
        Assert.Equal(list.ToJson(), back.ToJson());
    }

    [Fact]
    public void A_deep_copy_shares_nothing()
    {
        var list = UnstructuredList.Parse(BuiltInList);

        var copy = list.DeepCopy();
        copy.Items[0].Name = "changed";
        copy.ResourceVersion = "1";

        Assert.Equal("a", list.Items[0].Name);
        Assert.Equal("9007199254740993", list.ResourceVersion);
    }

    [Fact]
    public void ToString_counts_the_items()
    {
        Assert.Equal("ConfigMapList (2 items)", UnstructuredList.Parse(BuiltInList).ToString());
    }
}

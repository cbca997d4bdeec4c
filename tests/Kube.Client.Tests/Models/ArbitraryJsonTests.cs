using System.Linq;
using System.Text.Json;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Models;

public sealed class ArbitraryJsonTests
{
    [Fact]
    public void RawExtension_keeps_any_embedded_object_exactly()
    {
        const string json = "{\"apiVersion\":\"apps/v1\",\"data\":{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"labels\":{\"app\":\"web\"}},\"n\":[1,2.50,1e3,null,{\"x\":[]}]}}},\"kind\":\"ControllerRevision\",\"revision\":3}";

        var revision = Json.Read<ControllerRevision>(json);

        Assert.Equal(JsonValueKind.Object, revision.Data!.Value.ValueKind);
        Assert.Equal(json, Json.Write(revision));
    }

    [Fact]
    public void A_watch_event_keeps_its_object_as_raw_json()
    {
        const string json = "{\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\"}},\"type\":\"ADDED\"}";

        var watchEvent = Json.Read<RawWatchEvent>(json);

        Assert.Equal("Pod", watchEvent.Object!.Value.GetProperty("kind").GetString());
        Assert.Equal(json, Json.Write(watchEvent));
    }

    [Fact]
    public void FieldsV1_keeps_the_managed_fields_set_exactly()
    {
        const string json = "{\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{}}}}},\"manager\":\"kubectl\",\"operation\":\"Update\"}";

        var entry = Json.Read<ManagedFieldsEntry>(json);

        Assert.Equal("k:{\"name\":\"web\"}", entry.FieldsV1!.Value.GetProperty("f:spec").GetProperty("f:containers").EnumerateObject().Single().Name);
        // The writer may escape the quotes inside the key (\u0022); the JSON is the same.
        JsonTree.AssertEquivalent(json, Json.Write(entry));
    }

    [Theory]
    [InlineData("{\"default\":{\"a\":[1,\"b\",true]}}")]
    [InlineData("{\"default\":\"text\"}")]
    [InlineData("{\"default\":3.14}")]
    [InlineData("{\"default\":false}")]
    [InlineData("{\"default\":[]}")]
    [InlineData("{\"enum\":[\"a\",1,null,{\"b\":2}]}")]
    [InlineData("{\"example\":{\"nested\":{\"deeper\":[[[]]]}}}")]
    public void Apiextensions_JSON_values_of_any_shape_round_trip(string json)
    {
        Assert.Equal(json, Json.RoundTrip<Kube.Client.Models.ApiextensionsV1.JSONSchemaProps>(json));
    }
}

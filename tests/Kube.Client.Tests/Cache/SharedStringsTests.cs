using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Cache;

public sealed class SharedStringsTests
{
    private const string ConfigMapJson = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","namespace":"team-a","uid":"UID",
         "labels":{"app.kubernetes.io/name":"checkout","tier":"api"},
         "annotations":{"note":"a note"},
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-5d8f","uid":"owner-uid"}],
         "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1",
           "fieldsV1":{"f:data":{".":{},"f:k":{}}},"time":"2026-01-01T00:00:00Z"}]},
         "data":{"k":"v"}}
        """;

    private static ConfigMap Decode(string name) =>
        JsonSerializer.Deserialize(ConfigMapJson.Replace("NAME", name).Replace("UID", name + "-uid"), KubeJsonContext.Default.CoreV1ConfigMap)!;

    [Fact]
    public void An_unstructured_object_read_as_json_passes_unopened()
    {
        var strings = new SharedStrings();
        var obj = Unstructured.Parse(ConfigMapJson.Replace("NAME", "a").Replace("UID", "a-uid"));
        Assert.True(obj.TryGetJson(out _), "parsing built the tree");

        var shared = strings.Share(obj);
        Assert.True(ReferenceEquals(obj, shared), "Share returned another object");

        Assert.True(obj.TryGetJson(out _), "sharing built the object's tree");
        Assert.Equal(0, strings.Count);
    }

    [Fact]
    public void Two_objects_share_their_repeated_strings_and_keep_their_own_values()
    {
        var strings = new SharedStrings();
        var a = strings.Share(Decode("a"));
        var b = strings.Share(Decode("b"));

        Assert.Same(a.Metadata!.Namespace, b.Metadata!.Namespace);
        Assert.Same(a.ApiVersion, b.ApiVersion);
        Assert.Same(a.Kind, b.Kind);
        Assert.Same(a.Metadata.Labels!.Keys.First(), b.Metadata.Labels!.Keys.First());
        Assert.Same(a.Metadata.Labels["tier"], b.Metadata.Labels["tier"]);
        Assert.Same(a.Metadata.OwnerReferences![0].Kind, b.Metadata.OwnerReferences![0].Kind);
        Assert.Same(a.Metadata.ManagedFields![0].Manager, b.Metadata.ManagedFields![0].Manager);
        // One copy of the fieldsV1 text, still unparsed.
        Assert.Same(a.Metadata.ManagedFields[0].FieldsV1Text, b.Metadata.ManagedFields[0].FieldsV1Text);
        Assert.NotNull(a.Metadata.ManagedFields[0].FieldsV1Text!.Utf8);
        Assert.Equal(a.Metadata.ManagedFields[0].FieldsV1!.Value.GetRawText(), b.Metadata.ManagedFields[0].FieldsV1!.Value.GetRawText());
        Assert.Equal(("a", "b"), (a.Metadata.Name, b.Metadata.Name));
        Assert.Equal(("a-uid", "b-uid"), (a.Metadata.Uid, b.Metadata.Uid));
    }

    [Fact]
    public void Sharing_changes_no_value()
    {
        var before = Json.Write(Decode("a"));

        var after = Json.Write(new SharedStrings().Share(Decode("a")));

        Assert.Equal(before, after);
    }

    [Fact]
    public void Long_strings_are_left_alone()
    {
        var strings = new SharedStrings();
        string first = new('x', SharedStrings.MaxStringLength + 1);
        string second = new('x', SharedStrings.MaxStringLength + 1);

        strings.Share(first);

        Assert.Same(second, strings.Share(second));
        Assert.Equal(0, strings.Count);
    }

    [Fact]
    public void The_pool_stops_growing_at_its_bound()
    {
        var strings = new SharedStrings();
        for (int i = 0; i < SharedStrings.MaxStrings + 100; i++) strings.Share("value-" + i);

        Assert.Equal(SharedStrings.MaxStrings, strings.Count);
        string late = "value-" + (SharedStrings.MaxStrings + 50);
        Assert.Same(late, strings.Share(late));
    }

    [Fact]
    public void Objects_without_metadata_pass_through()
    {
        var strings = new SharedStrings();
        var bare = new ConfigMap { Data = new Dictionary<string, string> { ["k"] = "v" } };

        Assert.Same(bare, strings.Share(bare));
        Assert.Equal("plain", strings.Share("plain"));
    }
}

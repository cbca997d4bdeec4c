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

        var shared = strings.ShareObject(obj);
        Assert.True(ReferenceEquals(obj, shared), "Share returned another object");

        Assert.True(obj.TryGetJson(out _), "sharing built the object's tree");
        Assert.Equal(0, strings.Count);
    }

    [Fact]
    public void Two_objects_share_their_repeated_strings_and_keep_their_own_values()
    {
        var strings = new SharedStrings();
        var a = strings.ShareObject(Decode("a"));
        var b = strings.ShareObject(Decode("b"));

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

        var after = Json.Write(new SharedStrings().ShareObject(Decode("a")));

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
        // Each value twice: a string enters the pool on its second sighting.
        for (int i = 0; i < SharedStrings.MaxStrings + 100; i++)
        {
            strings.Share("value-" + i);
            strings.Share("value-" + i);
        }

        Assert.Equal(SharedStrings.MaxStrings, strings.Count);
        strings.Share("late");
        strings.Share(new string("late".ToCharArray()));
        Assert.Equal(SharedStrings.MaxStrings, strings.Count);
    }

    [Fact]
    public void A_string_seen_once_stays_out_of_the_pool_and_the_second_sighting_gets_the_first_copy()
    {
        var strings = new SharedStrings();
        string first = new("unique-name".ToCharArray());
        string second = new("unique-name".ToCharArray());

        Assert.Same(first, strings.Share(first));
        Assert.Equal(0, strings.Count);

        Assert.Same(first, strings.Share(second));
        Assert.Equal(1, strings.Count);
    }

    [Fact]
    public void Every_repeated_string_of_a_pod_is_shared_down_to_its_containers_and_status()
    {
        string json = TestFiles.ReadTestData("pod-1.20.json");
        var strings = new SharedStrings();
        var a = strings.ShareObject(Json.Read<Pod>(json));
        var b = strings.ShareObject(Json.Read<Pod>(json));

        int compared = SameStrings(a, b, "pod");

        // Containers, env, probes, volumes, tolerations, conditions, container statuses...
        Assert.True(compared > 60, $"only {compared} strings were compared");
        Assert.Same(a.Spec!.Containers![0].Image, b.Spec!.Containers![0].Image);
        Assert.Same(a.Status!.Conditions![0].Type, b.Status!.Conditions![0].Type);
    }

    [Fact]
    public void Sharing_changes_no_value_of_a_pod()
    {
        string json = TestFiles.ReadTestData("pod-1.20.json");
        var before = Json.Write(Json.Read<Pod>(json));
        var strings = new SharedStrings();
        strings.ShareObject(Json.Read<Pod>(json));

        var after = Json.Write(strings.ShareObject(Json.Read<Pod>(json)));

        Assert.Equal(before, after);
    }

    /// <summary>
    /// Walks two models decoded from the same JSON side by side (by reflection, not through the
    /// generated walker it checks) and asserts that every short string they hold is one object.
    /// </summary>
    private static int SameStrings(object? a, object? b, string path)
    {
        switch (a)
        {
            case null:
                Assert.Null(b);
                return 0;
            case string text:
                if (text.Length > SharedStrings.MaxStringLength || text.Length == 0) return 0;
                Assert.True(ReferenceEquals(text, b), $"{path}: \"{text}\" is not shared");
                return 1;
            case IDictionary<string, string> map:
                {
                    int n = 0;
                    var other = (IDictionary<string, string>)b!;
                    foreach (var pair in map)
                    {
                        var key = other.Keys.Single(k => k == pair.Key);
                        n += SameStrings(pair.Key, key, path + ".key") + SameStrings(pair.Value, other[pair.Key], path + "." + pair.Key);
                    }
                    return n;
                }
            case System.Collections.IDictionary map:
                {
                    int n = 0;
                    var other = (System.Collections.IDictionary)b!;
                    foreach (System.Collections.DictionaryEntry pair in map)
                    {
                        var key = other.Keys.Cast<object>().Single(k => Equals(k, pair.Key));
                        n += SameStrings(pair.Key, key, path + ".key") + SameStrings(pair.Value, other[pair.Key], path + "." + pair.Key);
                    }
                    return n;
                }
            case System.Collections.IList list:
                {
                    int n = 0;
                    var other = (System.Collections.IList)b!;
                    for (int i = 0; i < list.Count; i++) n += SameStrings(list[i], other[i], $"{path}[{i}]");
                    return n;
                }
        }
        var type = a.GetType();
        // Hand-written value types (Quantity, IntOrString) and BCL values are not walked.
        if (type.Namespace is not { } ns || !ns.StartsWith("Kube.Client.Models.", System.StringComparison.Ordinal)) return 0;
        int count = 0;
        foreach (var property in type.GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "ExtensionData") continue;
            count += SameStrings(property.GetValue(a), property.GetValue(b), path + "." + property.Name);
        }
        return count;
    }

    [Fact]
    public void Objects_without_metadata_pass_through()
    {
        var strings = new SharedStrings();
        var bare = new ConfigMap { Data = new Dictionary<string, string> { ["k"] = "v" } };

        Assert.Same(bare, strings.ShareObject(bare));
        Assert.Equal("plain", strings.Share("plain"));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;
using Xunit;
using Xunit.Abstractions;

namespace Kube.Client.IntegrationTests.Protobuf;

/// <summary>
/// For every built-in kind the local control plane serves and can list (found through discovery),
/// the list read in protobuf decodes to the same models as the list read in JSON, and encoding
/// the decoded protobuf list gives back the server's bytes. Namespaced kinds are listed in the
/// fixture's namespace, where it made one object of each; both reads see the same snapshot
/// (resourceVersionMatch=Exact).
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProtobufCollection.Name)]
public sealed class ProtobufEqualsJsonTests
{
    private readonly ProtobufClusterFixture _cluster;
    private readonly ITestOutputHelper _output;

    public ProtobufEqualsJsonTests(ProtobufClusterFixture cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
    }

    private sealed record Served(GroupVersionKind Kind, string Path, bool Namespaced, ModelRegistration Registration);

    private async Task<List<Served>> ListableBuiltInKindsAsync()
    {
        var groupVersions = new List<string> { "v1" };
        var groups = await _cluster.Json.Get().AbsPath("/apis").DoAsync(KubeJsonContext.Default.MetaV1APIGroupList);
        foreach (var group in groups.Groups!) groupVersions.AddRange(group.Versions!.Select(v => v.GroupVersion!));

        var served = new List<Served>();
        foreach (string groupVersion in groupVersions)
        {
            string prefix = groupVersion == "v1" ? "/api/v1" : "/apis/" + groupVersion;
            var resources = await _cluster.Json.Get().AbsPath(prefix).DoAsync(KubeJsonContext.Default.MetaV1APIResourceList);
            foreach (var resource in resources.Resources!)
            {
                if (resource.Name!.Contains('/') || resource.Verbs?.Contains("list") != true) continue;
                var kind = GroupVersion.Parse(groupVersion).WithKind(resource.Kind!);
                // Custom resources have no registration: they stay on JSON, as in client-go.
                if (!ModelRegistry.TryGet(kind, out var registration)) continue;
                string path = resource.Namespaced == true
                    ? $"{prefix}/namespaces/{_cluster.Namespace}/{resource.Name}"
                    : $"{prefix}/{resource.Name}";
                served.Add(new Served(kind, path, resource.Namespaced == true, registration!));
            }
        }
        return served;
    }

    [Fact]
    public async Task Every_listable_built_in_kind_decodes_the_same_from_protobuf_as_from_json()
    {
        var served = await ListableBuiltInKindsAsync();
        var failures = new List<string>();
        var withItems = new HashSet<string>(StringComparer.Ordinal);

        foreach (var kind in served)
        {
            var registration = kind.Registration;
            if (registration.ListTypeInfo is null || registration.ListProtobuf is null)
            {
                failures.Add($"{kind.Kind}: no list model or no protobuf codec");
                continue;
            }

            byte[] json = await _cluster.Json.Get().AbsPath(kind.Path).DoRawAsync();
            var fromJson = JsonSerializer.Deserialize(json, registration.ListTypeInfo)!;
            var tree = JsonNode.Parse(json)!;
            string resourceVersion = (string?)tree["metadata"]?["resourceVersion"] ?? "";
            var request = _cluster.Json.Get().AbsPath(kind.Path).Accept(MediaTypes.Protobuf);
            // Lists not kept in etcd (componentstatuses) have no resourceVersion to pin.
            if (resourceVersion.Length > 0) request.Param("resourceVersion", resourceVersion).Param("resourceVersionMatch", "Exact");
            byte[] protobuf = await request.DoRawAsync();

            if (!ProtobufEnvelope.HasMagic(protobuf))
            {
                failures.Add($"{kind.Kind}: the server did not answer protobuf");
                continue;
            }
            object fromProtobuf;
            try
            {
                fromProtobuf = registration.ListProtobuf.DecodeObject(protobuf);
            }
            catch (ProtobufException e)
            {
                failures.Add($"{kind.Kind}: {e.Message}");
                continue;
            }

            string expected = JsonSerializer.Serialize(fromJson, registration.ListTypeInfo);
            string actual = JsonSerializer.Serialize(fromProtobuf, registration.ListTypeInfo);
            if (!JsonNode.DeepEquals(InStoredOrder(JsonNode.Parse(expected)), InStoredOrder(JsonNode.Parse(actual))))
                failures.Add($"{kind.Kind}: the models differ\n  json     {expected}\n  protobuf {actual}");

            using var writer = new ProtobufWriter();
            registration.ListProtobuf.EncodeObject(fromProtobuf, writer);
            if (!writer.WrittenSpan.SequenceEqual(protobuf))
                failures.Add($"{kind.Kind}: encoding the decoded list does not give the server's {protobuf.Length} bytes back");

            int count = tree["items"]?.AsArray().Count ?? 0;
            if (count > 0) withItems.Add(kind.Kind.ApiVersion + "/" + kind.Kind.Kind);
            _output.WriteLine($"{kind.Kind}: {count} items, {json.Length} bytes of JSON, {protobuf.Length} of protobuf");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(served.Count >= 60, $"only {served.Count} built-in kinds were served");
        // The comparison saw real objects of every kind the fixture made, not just empty lists.
        var seededButUnseen = _cluster.SeededKinds.Where(k => !withItems.Contains(k)).ToList();
        Assert.True(seededButUnseen.Count == 0, "no items compared for " + string.Join(", ", seededButUnseen));
    }

    [Fact]
    public async Task Single_objects_of_every_seeded_kind_decode_the_same_from_protobuf_as_from_json()
    {
        var served = await ListableBuiltInKindsAsync();
        var failures = new List<string>();
        int compared = 0;

        foreach (var kind in served.Where(k => k.Namespaced))
        {
            var list = JsonNode.Parse(await _cluster.Json.Get().AbsPath(kind.Path).DoRawAsync())!;
            foreach (string name in list["items"]!.AsArray().Take(1).Select(i => (string)i!["metadata"]!["name"]!))
            {
                string path = kind.Path + "/" + name;
                // Controllers may write between the two reads: read again until both show one resourceVersion.
                for (int attempt = 0; ; attempt++)
                {
                    byte[] json = await _cluster.Json.Get().AbsPath(path).DoRawAsync();
                    byte[] protobuf = await _cluster.Json.Get().AbsPath(path).Accept(MediaTypes.Protobuf).DoRawAsync();
                    var fromJson = JsonSerializer.Deserialize(json, kind.Registration.TypeInfo)!;
                    var fromProtobuf = kind.Registration.Protobuf!.DecodeObject(protobuf);
                    if (((IKubeResource)fromJson).Metadata!.ResourceVersion != ((IKubeResource)fromProtobuf).Metadata!.ResourceVersion && attempt < 5) continue;
                    string expected = JsonSerializer.Serialize(fromJson, kind.Registration.TypeInfo);
                    string actual = JsonSerializer.Serialize(fromProtobuf, kind.Registration.TypeInfo);
                    if (!JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)))
                        failures.Add($"{kind.Kind} {name}: the models differ\n  json     {expected}\n  protobuf {actual}");
                    compared++;
                    break;
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compared >= 25, $"only {compared} objects were compared");
    }

    /// <summary>
    /// Items by namespace and name: lists of stored kinds come in key order anyway, but
    /// ComponentStatuses are probed afresh for each request and arrive in whatever order the probes end.
    /// </summary>
    private static JsonNode? InStoredOrder(JsonNode? list)
    {
        if (list?["items"] is not JsonArray items) return list;
        var sorted = items.Select(i => i!.DeepClone())
            .OrderBy(i => (string?)i["metadata"]?["namespace"] ?? "", StringComparer.Ordinal)
            .ThenBy(i => (string?)i["metadata"]?["name"] ?? "", StringComparer.Ordinal)
            .ToList();
        list["items"] = new JsonArray(sorted.ToArray());
        return list;
    }
}

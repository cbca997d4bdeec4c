using System;
using System.IO;
using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Kube.Client.Serialization.Protobuf;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Serialization;

/// <summary>
/// Responses of the real 1.20.2 API server, fetched once in JSON and in protobuf
/// (TestData/Protobuf): a pod with status, a deployment, a CRD with a rich schema, a service with
/// named and numbered target ports, maps of bytes, MicroTimes, RawExtension, Verbs-like named
/// slices (SubjectAccessReview extra) and a list.
/// </summary>
public sealed class ServerProtobufTests
{
    public static TheoryData<string> Fixtures() => new()
    {
        "pod", "deployment", "service", "configmap", "secret", "poddisruptionbudget", "lease", "event",
        "horizontalpodautoscaler", "controllerrevision", "customresourcedefinition", "clusterrole",
        "apiservice-list", "subjectaccessreview",
    };

    private static byte[] Protobuf(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Protobuf", name + ".pb"));

    private static string JsonOf(string name) => TestFiles.ReadTestData(Path.Combine("Protobuf", name + ".json"));

    private static ModelRegistration RegistrationOf(byte[] envelope)
    {
        var unknown = ProtobufEnvelope.Read(envelope);
        Assert.True(ModelRegistry.TryGet(GroupVersionKind.FromApiVersionAndKind(unknown.ApiVersion, unknown.Kind), out var registration));
        return registration!;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_protobuf_fills_the_same_model_as_decoding_json(string name)
    {
        byte[] protobuf = Protobuf(name);
        var registration = RegistrationOf(protobuf);

        object fromProtobuf = registration.Protobuf!.DecodeObject(protobuf);
        object fromJson = JsonSerializer.Deserialize(JsonOf(name), registration.TypeInfo)!;

        Assert.IsType(registration.Type, fromProtobuf);
        ModelJson.AssertSame(fromJson, fromProtobuf, registration.TypeInfo);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Encoding_a_decoded_response_gives_back_the_servers_bytes(string name)
    {
        byte[] protobuf = Protobuf(name);
        var codec = RegistrationOf(protobuf).Protobuf!;
        using var writer = new ProtobufWriter();

        codec.EncodeObject(codec.DecodeObject(protobuf), writer);

        Assert.Equal(Convert.ToHexString(protobuf), Convert.ToHexString(writer.ToArray()));
    }

    [Fact]
    public void A_json_model_encoded_in_protobuf_decodes_to_the_same_model()
    {
        var pod = Json.Read<Kube.Client.Models.CoreV1.Pod>(JsonOf("pod"));

        var back = KubeProtobufContext.CoreV1Pod.Decode(KubeProtobufContext.CoreV1Pod.Encode(pod));

        ModelJson.AssertSame(pod, back);
    }

    [Fact]
    public void A_not_found_status_in_protobuf_carries_code_reason_and_details()
    {
        var status = StatusErrors.TryDecodeStatus(Protobuf("status-404"));

        Assert.NotNull(status);
        Assert.Equal(("Status", "v1", 404, "NotFound", "Failure"), (status!.Kind, status.ApiVersion, status.Code, status.Reason, status.StatusValue));
        Assert.Equal("pods \"missing\" not found", status.Message);
        Assert.Equal(("missing", "pods"), (status.Details!.Name, status.Details.Kind));
    }

    [Fact]
    public void Non_pointer_go_fields_with_omitempty_read_zero_as_null_as_json_leaves_them_out()
    {
        var pod = KubeProtobufContext.CoreV1Pod.Decode(Protobuf("pod"));

        // nodeName is "" on the wire (Go writes every non-pointer field); JSON leaves it out.
        Assert.Null(pod.Spec!.NodeName);
        // restartCount and ready have no omitempty: JSON says 0 and false, and so does protobuf.
        Assert.Equal(0, pod.Status!.InitContainerStatuses![0].RestartCount);
        Assert.False(pod.Status.ContainerStatuses![0].Ready);
        // enableServiceLinks is a pointer: present and false.
        Assert.False(pod.Spec.EnableServiceLinks);
    }

    [Fact]
    public void The_schema_unions_of_a_crd_read_as_in_json()
    {
        var crd = KubeProtobufContext.ApiextensionsV1CustomResourceDefinition.Decode(Protobuf("customresourcedefinition"));
        var spec = crd.Spec!.Versions![0].Schema!.OpenAPIV3Schema!.Properties!["spec"];

        Assert.Equal("string", spec.Properties!["labels"].AdditionalProperties!.Schema!.Type);
        Assert.Equal("string", spec.Properties["tags"].Items!.Schema!.Type);
        Assert.Equal(JsonValueKind.Number, spec.Properties["size"].Default!.Value.ValueKind);
        Assert.Equal(new[] { "\"red\"", "\"green\"" }, spec.Properties["color"].Enum!.ConvertAll(e => e.GetRawText()));
        Assert.True(spec.Properties["free"].XKubernetesPreserveUnknownFields);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Protobuf;

/// <summary>
/// Two connections as kube-ps-admin, one speaking JSON and one protobuf, a namespace of this run
/// (protobuf-&lt;random&gt;) holding one object of each namespaced built-in kind, and cluster-scoped
/// objects named for this run; everything is deleted at the end.
/// </summary>
public sealed class ProtobufClusterFixture : IAsyncLifetime
{
    private readonly List<string> _clusterScoped = new();

    public ProtobufClusterFixture()
    {
        Suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
        Namespace = "protobuf-" + Suffix;
    }

    public string Suffix { get; }

    public string Namespace { get; }

    /// <summary>RestConfig.ContentType left at its default: JSON.</summary>
    public RestClient Json { get; private set; } = null!;

    /// <summary>RestConfig.ContentType = application/vnd.kubernetes.protobuf.</summary>
    public RestClient Protobuf { get; private set; } = null!;

    public RestConfig ProtobufConfig { get; private set; } = null!;

    /// <summary>What the protobuf connection really sent and received.</summary>
    public WireRecorder Wire { get; private set; } = null!;

    public Clientset JsonClientset { get; private set; } = null!;

    public Clientset ProtobufClientset { get; private set; } = null!;

    /// <summary>The kinds (apiVersion/kind) this fixture created at least one object of.</summary>
    public HashSet<string> SeededKinds { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.Qps = 50;
        config.Burst = 100;
        Json = RestClient.Create(config);
        ProtobufConfig = config.Clone();
        ProtobufConfig.ContentType = MediaTypes.Protobuf;
        Wire = new WireRecorder(Kube.Client.Transport.HttpTransport.CreateHandler(ProtobufConfig));
        Protobuf = new RestClient(ProtobufConfig, Wire);
        JsonClientset = new Clientset(Json);
        ProtobufClientset = new Clientset(Protobuf);

        await PostAsync("/api/v1/namespaces", $"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{Namespace}\",\"labels\":{{\"kube-ps/test\":\"protobuf\"}}}}}}");
        foreach (var (path, json) in ProtobufSeed.ClusterScoped)
        {
            string body = Fill(json);
            await PostAsync(Fill(path), body);
            _clusterScoped.Add(Fill(path) + "/" + (string)JsonNode.Parse(body)!["metadata"]!["name"]!);
        }
        await PostAsync("/apis/certificates.k8s.io/v1/certificatesigningrequests", CertificateSigningRequest());
        _clusterScoped.Add($"/apis/certificates.k8s.io/v1/certificatesigningrequests/protobuf-{Suffix}");

        foreach (var (path, json) in ProtobufSeed.Namespaced) await PostAsync(Fill(path), Fill(json));
        await PostAsync($"/apis/apps/v1/namespaces/{Namespace}/deployments", TestData("rich-deployment.json"));
        await CreatePodWithStatusAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (string path in _clusterScoped)
            {
                try { await Json.Delete().AbsPath(path).DoAsync(); }
                catch (KubeApiException e) when (e.IsNotFound) { }
            }
            try { await Json.Delete().AbsPath($"/api/v1/namespaces/{Namespace}").DoAsync(); }
            catch (KubeApiException e) when (e.IsNotFound) { }
        }
        finally
        {
            Json?.Dispose();
            Protobuf?.Dispose();
        }
    }

    public static string TestData(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file));

    private string Fill(string text) => text.Replace("{{ns}}", Namespace).Replace("{{suffix}}", Suffix);

    private async Task PostAsync(string path, string json)
    {
        await Json.Post().AbsPath(path).Body(json).DoRawAsync();
        var manifest = JsonNode.Parse(json)!;
        SeededKinds.Add((string)manifest["apiVersion"]! + "/" + (string)manifest["kind"]!);
    }

    // The rich pod as in the round-trip tests, with a status set through the status subresource
    // (it names a scheduler nobody serves, so no kubelet runs it or writes its status):
    // container statuses, restart counts, states, conditions.
    private async Task CreatePodWithStatusAsync()
    {
        await Eventually.SucceedsAsync(
            $"the service account \"default\" of namespace {Namespace}",
            ct => Json.Get().AbsPath($"/api/v1/namespaces/{Namespace}/serviceaccounts/default").DoRawAsync(ct));
        await PostAsync($"/api/v1/namespaces/{Namespace}/pods", TestData("rich-pod.json"));
        string path = $"/api/v1/namespaces/{Namespace}/pods/rich-pod";
        var pod = JsonNode.Parse(await Json.Get().AbsPath(path).DoRawAsync())!;
        pod["status"] = JsonNode.Parse(TestData("rich-pod-status.json"));
        await Json.Put().AbsPath(path + "/status").Body(pod.ToJsonString()).DoRawAsync();
    }

    private string CertificateSigningRequest()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=protobuf-{Suffix}", key, HashAlgorithmName.SHA256);
        string pem = new string(PemEncoding.Write("CERTIFICATE REQUEST", request.CreateSigningRequest()));
        string encoded = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        return $"{{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\",\"metadata\":{{\"name\":\"protobuf-{Suffix}\"}}," +
            $"\"spec\":{{\"request\":\"{encoded}\",\"signerName\":\"kubeps.test/signer\",\"usages\":[\"digital signature\",\"client auth\"]}}}}";
    }
}

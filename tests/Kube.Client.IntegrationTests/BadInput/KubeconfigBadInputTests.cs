using System;
using System.IO;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.BadInput;

/// <summary>A kubeconfig that cannot work fails with a message naming the file, the field and what was expected.</summary>
[Trait("Category", "Integration")]
public sealed class KubeconfigBadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-ps-itests-" + Guid.NewGuid().ToString("N").Substring(0, 10));

    public KubeconfigBadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A kubeconfig for the local cluster whose user kube-ps-cert reads its certificate and key from files.</summary>
    private async Task<(string Kubeconfig, string CertFile, string KeyFile)> WriteCertificateFileKubeconfigAsync()
    {
        var cert = await LocalCluster.ConfigAsync(LocalCluster.CertContext);
        var certFile = Write("client.crt", System.Text.Encoding.ASCII.GetString(cert.Tls.CertData!));
        var keyFile = Write("client.key", System.Text.Encoding.ASCII.GetString(cert.Tls.KeyData!));
        var ca = Convert.ToBase64String(cert.Tls.CaData ?? File.ReadAllBytes(cert.Tls.CaFile!));
        var kubeconfig = Write("config", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {cert.Host}
                certificate-authority-data: {ca}
            users:
            - name: files
              user:
                client-certificate: client.crt
                client-key: client.key
            contexts:
            - name: files
              context: {"{"}cluster: local, user: files{"}"}
            current-context: files
            """);
        return (kubeconfig, certFile, keyFile);
    }

    [Fact]
    public async Task Malformed_kubeconfig_names_the_file_line_and_column()
    {
        var path = Write("config", "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n    server: [https://127.0.0.1:16443\ncontexts: []\n");

        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(path)));

        Assert.Equal(path, error.FilePath);
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 6, 8);
        Assert.Equal($"Kubeconfig {path}: line {error.Line}, column {error.Column}: malformed YAML in the node that starts here (is a bracket or quote left open?)", error.Message);
    }

    [Fact]
    public async Task Wrongly_typed_field_names_its_path()
    {
        var path = Write("config", "apiVersion: v1\nkind: Config\ncontexts:\n- name: c\n  context:\n    cluster: [a, b]\n");

        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(path)));

        Assert.Equal($"Kubeconfig {path}: line 6, column 14: contexts[\"c\"].context.cluster: expected a string, found a list", error.Message);
    }

    [Fact]
    public async Task Unknown_context_lists_the_contexts_the_kubeconfig_has()
    {
        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(
            KubeconfigLoadingRules.ForFile(LocalCluster.KubeconfigPath), new KubeconfigOverrides { Context = "kube-ps-nope" }));

        Assert.Equal($"context \"kube-ps-nope\" not found in {LocalCluster.KubeconfigPath} (known contexts: kube-ps-admin, kube-ps-cert, kube-ps-viewer)", error.Message);
    }

    [Fact]
    public async Task Certificate_files_next_to_the_kubeconfig_authenticate()
    {
        var (kubeconfig, _, _) = await WriteCertificateFileKubeconfigAsync();
        var config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(kubeconfig));

        using var rest = RestClient.Create(config);
        var namespaces = await new Clientset(rest).CoreV1().Namespaces().ListAsync();

        Assert.NotEmpty(namespaces.Items!);
    }

    [Fact]
    public async Task Missing_certificate_file_names_the_file_and_the_field()
    {
        var (kubeconfig, certFile, _) = await WriteCertificateFileKubeconfigAsync();
        File.Delete(certFile);

        var error = await Assert.ThrowsAsync<KubeconfigException>(() => KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(kubeconfig)));

        Assert.Equal($"user \"files\" in {kubeconfig}: client-certificate file {certFile} does not exist", error.Message);
        Assert.Equal(kubeconfig, error.FilePath);
        Assert.Contains("client-certificate", error.Field);
    }

    [Fact]
    public async Task Key_file_removed_after_loading_is_named_when_the_client_is_built()
    {
        var (kubeconfig, _, keyFile) = await WriteCertificateFileKubeconfigAsync();
        var config = await KubeconfigLoader.LoadRestConfigAsync(KubeconfigLoadingRules.ForFile(kubeconfig));
        File.Delete(keyFile);

        var error = Assert.Throws<KubeconfigException>(() => RestClient.Create(config));

        Assert.Contains($"client-key file {keyFile} cannot be read", error.Message);
        Assert.Equal("client-key", error.Field);
        Assert.DoesNotContain("PRIVATE KEY", error.Message);
    }
}

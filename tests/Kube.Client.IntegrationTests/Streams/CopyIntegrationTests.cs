using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Streams.Copy;
using Kube.Client.Streams.RemoteCommand;
using Xunit;

namespace Kube.Client.IntegrationTests.Streams;

/// <summary>Copy to and from a container (tar over exec) on the real node, with kubectl cp as the oracle.</summary>
public sealed class CopyIntegrationTests : IClassFixture<StreamPodsFixture>, IDisposable
{
    private readonly StreamPodsFixture _pods;
    private readonly string _local = Path.Combine(Path.GetTempPath(), "kube-ps-copy-" + Guid.NewGuid().ToString("N").Substring(0, 8));

    public CopyIntegrationTests(StreamPodsFixture pods)
    {
        _pods = pods;
        Directory.CreateDirectory(_local);
    }

    public void Dispose() => Directory.Delete(_local, recursive: true);

    private Kube.Client.Typed.CoreV1.PodsClient Pods => _pods.Clientset.CoreV1().Pods(_pods.Namespace);

    private async Task ShAsync(string script)
    {
        var result = await new RemoteCommandClient(_pods.Rest, _pods.Namespace).RunAsync(StreamPodsFixture.BusyPod,
            new ExecOptions { Container = "sidecar", Command = new[] { "sh", "-c", script } }, null, Stream.Null, Stream.Null);
        Assert.Equal(0, result.ExitCode);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task A_file_copied_out_is_byte_identical_to_kubectl_cps_copy()
    {
        string remote = "/tmp/out-" + Guid.NewGuid().ToString("N").Substring(0, 6);
        await ShAsync($"mkdir -p {remote}/sub && head -c 1500000 /dev/urandom > {remote}/big.bin && echo small > {remote}/sub/small.txt");

        var result = await Pods.CopyFromAsync(StreamPodsFixture.BusyPod, "sidecar", remote + "/big.bin", Path.Combine(_local, "ours.bin"));
        var kubectl = await _pods.KubectlAsync("cp", "-c", "sidecar", $"{StreamPodsFixture.BusyPod}:{remote}/big.bin", Path.Combine(_local, "theirs.bin"));

        Assert.Equal(0, kubectl.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_local, "theirs.bin")), File.ReadAllBytes(Path.Combine(_local, "ours.bin")));
        Assert.Equal(1, result.Files);
        Assert.Equal(1_500_000, result.Bytes);
    }

    [Fact]
    public async Task A_directory_copied_out_has_the_same_tree_as_kubectl_cps()
    {
        string remote = "/tmp/dir-" + Guid.NewGuid().ToString("N").Substring(0, 6);
        await ShAsync($"mkdir -p {remote}/a/b && head -c 70000 /dev/urandom > {remote}/a/b/data && echo top > {remote}/top.txt && ln -s top.txt {remote}/link");

        await Pods.CopyFromAsync(StreamPodsFixture.BusyPod, "sidecar", remote, Path.Combine(_local, "ours"));
        var kubectl = await _pods.KubectlAsync("cp", "-c", "sidecar", $"{StreamPodsFixture.BusyPod}:{remote}", Path.Combine(_local, "theirs"));

        Assert.Equal(0, kubectl.ExitCode);
        Assert.Equal(Tree(Path.Combine(_local, "theirs")), Tree(Path.Combine(_local, "ours")));
        Assert.Contains("a/b/data", Tree(Path.Combine(_local, "ours")).Select(t => t.Path));
    }

    [Fact]
    public async Task A_local_directory_copied_in_arrives_byte_identical()
    {
        string dir = Path.Combine(_local, "in");
        Directory.CreateDirectory(Path.Combine(dir, "nested"));
        File.WriteAllBytes(Path.Combine(dir, "one.bin"), RandomBytes(900_000, 1));
        File.WriteAllBytes(Path.Combine(dir, "nested", "two.bin"), RandomBytes(12_345, 2));
        File.WriteAllBytes(Path.Combine(dir, "empty"), Array.Empty<byte>());
        string remote = "/tmp/in-" + Guid.NewGuid().ToString("N").Substring(0, 6);

        var result = await Pods.CopyToAsync(StreamPodsFixture.BusyPod, "sidecar", dir, remote);
        // Read it back with kubectl, the oracle.
        var kubectl = await _pods.KubectlAsync("cp", "-c", "sidecar", $"{StreamPodsFixture.BusyPod}:{remote}", Path.Combine(_local, "back"));

        Assert.Equal(0, kubectl.ExitCode);
        Assert.Equal(Tree(dir), Tree(Path.Combine(_local, "back")));
        Assert.Equal(3, result.Files);
        Assert.Equal(900_000 + 12_345, result.Bytes);
    }

    [Fact]
    public async Task A_file_copied_into_an_existing_directory_lands_inside_it()
    {
        string file = Path.Combine(_local, "note.txt");
        File.WriteAllText(file, "a note\n");
        string remote = "/tmp/into-" + Guid.NewGuid().ToString("N").Substring(0, 6);
        await ShAsync($"mkdir -p {remote}");

        await Pods.CopyToAsync(StreamPodsFixture.BusyPod, "sidecar", file, remote);
        var kubectl = await _pods.KubectlAsync("exec", StreamPodsFixture.BusyPod, "-c", "sidecar", "--", "cat", $"{remote}/note.txt");

        Assert.Equal("a note\n", kubectl.Stdout);
    }

    [Fact]
    public async Task A_remote_path_that_does_not_exist_is_a_named_error()
    {
        var error = await Assert.ThrowsAsync<PodCopyException>(() =>
            Pods.CopyFromAsync(StreamPodsFixture.BusyPod, "sidecar", "/no/such/path", Path.Combine(_local, "x")));

        Assert.True(error.IsRemotePathNotFound, error.Message);
        Assert.Contains("/no/such/path", error.Message);
        Assert.False(File.Exists(Path.Combine(_local, "x")));
    }

    [Fact]
    public async Task Copying_into_a_directory_that_does_not_exist_in_the_container_is_a_named_error()
    {
        string file = Path.Combine(_local, "f.txt");
        File.WriteAllText(file, "x");

        var error = await Assert.ThrowsAsync<PodCopyException>(() => Pods.CopyToAsync(StreamPodsFixture.BusyPod, "sidecar", file, "/no/such/dir/f.txt"));

        Assert.Contains("/no/such/dir", error.Message);
    }

    /// <summary>Relative path, kind and content hash of every entry under <paramref name="root"/>.</summary>
    private static (string Path, string What)[] Tree(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => (Path.GetRelativePath(root, p).Replace('\\', '/'), What(p)))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ToArray();

    private static string What(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target) return "link " + target;
        if (Directory.Exists(path)) return "dir";
        using var sha = System.Security.Cryptography.SHA256.Create();
        return "file " + Convert.ToHexString(sha.ComputeHash(File.ReadAllBytes(path)));
    }
}

using System;
using System.IO;

namespace Kube.Client.Tests.Support;

public static class TestFiles
{
    public static string ReadTestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    /// <summary>The repository root: the folder holding Kube.PowerShell.sln, above the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kube.PowerShell.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException($"No Kube.PowerShell.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string ClientProject => Path.Combine(RepositoryRoot, "src", "Kube.Client");

    /// <summary>
    /// The Kubernetes 1.20.2 OpenAPI document the committed generated code comes from, in the cache
    /// that tools/cluster/build-control-plane.sh fills (KUBE_PS_CACHE overrides ~/.cache/kube-powershell).
    /// </summary>
    public static string SpecPath => Path.Combine(SourceTree, "api", "openapi-spec", "swagger.json");

    /// <summary>The import root of the generated.proto files of the same source tree (its staging/src).</summary>
    public static string ProtoPath => Path.Combine(SourceTree, "staging", "src");

    private static string SourceTree
    {
        get
        {
            string cache = Environment.GetEnvironmentVariable("KUBE_PS_CACHE") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kube-powershell");
            return Path.Combine(cache, "k8s-1.20.2", "kubernetes");
        }
    }
}

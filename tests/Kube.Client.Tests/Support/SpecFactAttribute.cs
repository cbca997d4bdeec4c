using System.IO;
using Xunit;

namespace Kube.Client.Tests.Support;

/// <summary>A fact that needs the Kubernetes OpenAPI document; skipped, saying why, when it is absent.</summary>
public sealed class SpecFactAttribute : FactAttribute
{
    public SpecFactAttribute()
    {
        if (!File.Exists(TestFiles.SpecPath))
            Skip = $"The Kubernetes 1.20.2 OpenAPI document is not at {TestFiles.SpecPath}; run tools/cluster/build-control-plane.sh to fetch it.";
    }
}

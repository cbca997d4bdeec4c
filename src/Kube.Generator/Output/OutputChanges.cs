using System.Collections.Generic;

namespace Kube.Generator.Output;

/// <summary>What writing the generated files changed (or, when checking, would change), as relative paths.</summary>
public sealed record OutputChanges(IReadOnlyList<string> Written, IReadOnlyList<string> Deleted, int Unchanged)
{
    public bool IsEmpty => Written.Count == 0 && Deleted.Count == 0;
}

using Kube.Client.Models;

namespace Kube.Client.Operations;

/// <summary>What <see cref="RolloutUndoer"/> did: rolled back to a revision, or found the object at it already.</summary>
public sealed class RolloutUndoResult
{
    public RolloutUndoResult(RolloutKind kind, string @namespace, string name, long revision, bool skipped, string message, IKubeResource obj)
    {
        Kind = kind;
        Namespace = @namespace;
        Name = name;
        Revision = revision;
        Skipped = skipped;
        Message = message;
        Object = obj;
    }

    public RolloutKind Kind { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The revision whose pod template the object has now.</summary>
    public long Revision { get; }

    /// <summary>True when the object's template already matched the revision, so nothing was changed.</summary>
    public bool Skipped { get; }

    public string Message { get; }

    /// <summary>The object as the server answered the rollback (or as it was, when skipped).</summary>
    public IKubeResource Object { get; }

    public override string ToString() => Message;
}

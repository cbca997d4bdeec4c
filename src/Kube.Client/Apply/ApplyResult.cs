using System;
using Kube.Client.Models;

namespace Kube.Client.Apply;

/// <summary>The outcome of applying one object: what happened and the object as the server returned it.</summary>
public sealed class ApplyResult
{
    public ApplyResult(ApplyAction action, Unstructured obj)
    {
        Action = action;
        Object = obj ?? throw new ArgumentNullException(nameof(obj));
    }

    public ApplyAction Action { get; }

    public Unstructured Object { get; }

    public override string ToString() => $"{Object.Describe()} {Action.ToString().ToLowerInvariant()}";
}

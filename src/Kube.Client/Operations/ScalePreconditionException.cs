using System;

namespace Kube.Client.Operations;

/// <summary>A <see cref="ScalePrecondition"/> did not hold: the object's scale was not changed.</summary>
public sealed class ScalePreconditionException : Exception
{
    public ScalePreconditionException(string what, string precondition, string expected, string actual)
        : base($"{what}: expected {precondition} to be {expected}, was {actual}; the scale was not changed")
    {
        Precondition = precondition;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>"replicas" or "resource version".</summary>
    public string Precondition { get; }

    public string Expected { get; }

    public string Actual { get; }
}

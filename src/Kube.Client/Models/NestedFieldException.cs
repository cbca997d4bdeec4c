using System;

namespace Kube.Client.Models;

/// <summary>
/// A nested field of an unstructured object could not be read or written as asked: the path runs
/// through something that is not an object, or the value is not of the expected type. The message
/// names the path and the types, never the value.
/// </summary>
public sealed class NestedFieldException : InvalidOperationException
{
    public NestedFieldException(string fieldPath, string message)
        : base(message)
    {
        FieldPath = fieldPath;
    }

    /// <summary>The field at fault, in the form ".spec.template" or ".metadata.labels[\"app.kubernetes.io/name\"]".</summary>
    public string FieldPath { get; }
}

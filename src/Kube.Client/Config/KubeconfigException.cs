using System;

namespace Kube.Client.Config;

/// <summary>
/// A kubeconfig (or a config derived from one) that cannot be used. The message always names the
/// file and the field, with line and column when they are known, and never carries a secret.
/// </summary>
public sealed class KubeconfigException : Exception
{
    public KubeconfigException(string message, string? filePath = null, string? field = null,
        int? line = null, int? column = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Field = field;
        Line = line;
        Column = column;
    }

    /// <summary>The kubeconfig file at fault, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>The field at fault, as a path such as <c>users["admin"].user.client-key-data</c>.</summary>
    public string? Field { get; }

    /// <summary>1-based line of the YAML node at fault.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the YAML node at fault.</summary>
    public int? Column { get; }
}

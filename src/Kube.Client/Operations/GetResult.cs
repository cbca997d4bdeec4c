using System;

namespace Kube.Client.Operations;

/// <summary>One answer of <see cref="ResourceGetter"/>: an object found, or a name that was not (with why).</summary>
public readonly struct GetResult<T>
    where T : class
{
    private GetResult(T? obj, string? name, Exception? error)
    {
        Object = obj;
        Name = name;
        Error = error;
    }

    /// <summary>The object; null when <see cref="Error"/> is set.</summary>
    public T? Object { get; }

    /// <summary>The exact name that failed; null for an object.</summary>
    public string? Name { get; }

    /// <summary>Why <see cref="Name"/> was not read: a <see cref="Rest.KubeApiException"/> (NotFound, Forbidden...).</summary>
    public Exception? Error { get; }

    public static GetResult<T> Found(T obj) => new(obj ?? throw new ArgumentNullException(nameof(obj)), null, null);

    public static GetResult<T> Failed(string name, Exception error) => new(null, name, error ?? throw new ArgumentNullException(nameof(error)));

    public override string ToString() => Error is null ? $"found {Object}" : $"{Name}: {Error.Message}";
}

using System;

namespace Kube.Client.JsonPath;

/// <summary>A JSONPath expression that does not parse; the message names the expression, the position and what was expected.</summary>
public sealed class JsonPathException : FormatException
{
    public JsonPathException(string expression, int position, string message)
        : base($"JSONPath '{expression}' at position {position}: {message}")
    {
        Expression = expression;
        Position = position;
    }

    public string Expression { get; }

    /// <summary>The zero-based character position of the problem in <see cref="Expression"/>.</summary>
    public int Position { get; }
}

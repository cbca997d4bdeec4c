using System;

namespace Kube.Generator.Spec;

/// <summary>The OpenAPI document holds something the generator cannot turn into code; the message says where.</summary>
public sealed class SpecException : Exception
{
    public SpecException(string message)
        : base(message)
    {
    }

    public SpecException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>A C# type used by a generated property.</summary>
public abstract record TypeRef
{
    /// <summary>The type as written inside the models namespace <paramref name="modelNamespace"/> ("CoreV1").</summary>
    public abstract string Code(string modelNamespace);

    /// <summary>The type as written in other code under Kube.Client ("Models.CoreV1.Pod").</summary>
    public abstract string ClientCode { get; }

    /// <summary>A unique, stable name for the type's JsonTypeInfo in KubeJsonContext ("CoreV1Pod", "ListOfString").</summary>
    public abstract string InfoName { get; }

    public abstract bool IsValueType { get; }

    /// <summary>The namespace a using directive must bring in for <see cref="Code"/>, if any.</summary>
    public virtual string? RequiredUsing => null;

    /// <summary>This type and, for collections, the types inside it.</summary>
    public virtual IEnumerable<TypeRef> SelfAndParts()
    {
        yield return this;
    }
}

using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>A JSON array: List&lt;T&gt;.</summary>
public sealed record ListTypeRef(TypeRef Element) : TypeRef
{
    public override string Code(string modelNamespace) => "List<" + Element.Code(modelNamespace) + ">";
    public override string ClientCode => "List<" + Element.ClientCode + ">";
    public override string InfoName => "ListOf" + Element.InfoName;
    public override bool IsValueType => false;
    public override string? RequiredUsing => "System.Collections.Generic";

    public override IEnumerable<TypeRef> SelfAndParts()
    {
        yield return this;
        foreach (var part in Element.SelfAndParts()) yield return part;
    }
}

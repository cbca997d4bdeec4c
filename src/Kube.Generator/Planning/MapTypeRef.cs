using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>A JSON object with additionalProperties: Dictionary&lt;string, T&gt;.</summary>
public sealed record MapTypeRef(TypeRef Value) : TypeRef
{
    public override string Code(string modelNamespace) => "Dictionary<string, " + Value.Code(modelNamespace) + ">";
    public override string ClientCode => "Dictionary<string, " + Value.ClientCode + ">";
    public override string InfoName => "MapOf" + Value.InfoName;
    public override bool IsValueType => false;
    public override string? RequiredUsing => "System.Collections.Generic";

    public override IEnumerable<TypeRef> SelfAndParts()
    {
        yield return this;
        foreach (var part in Value.SelfAndParts()) yield return part;
    }
}

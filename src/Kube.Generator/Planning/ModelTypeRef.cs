namespace Kube.Generator.Planning;

/// <summary>
/// A model class under Kube.Client.Models: generated, or hand-written for the special definitions.
/// <paramref name="Namespace"/> is the segment under Kube.Client.Models ("CoreV1"), empty for the root.
/// </summary>
public sealed record ModelTypeRef(string Namespace, string Name) : TypeRef
{
    public override string Code(string modelNamespace) =>
        Namespace.Length == 0 || Namespace == modelNamespace ? Name : Namespace + "." + Name;

    public override string ClientCode => Namespace.Length == 0 ? "Models." + Name : "Models." + Namespace + "." + Name;

    public override string InfoName => Namespace + Name;

    public override bool IsValueType => false;

    /// <summary>The full name without global:: ("Kube.Client.Models.CoreV1.Pod").</summary>
    public string FullName => Namespace.Length == 0 ? "Kube.Client.Models." + Name : "Kube.Client.Models." + Namespace + "." + Name;
}

namespace Kube.Generator.Proto;

/// <summary>A resolved field type: a scalar ("string", "int32"...) or a message.</summary>
public sealed record ProtoTypeRef(string Name, ProtoMessage? Message)
{
    public bool IsScalar => Message is null;

    public override string ToString() => Name;
}

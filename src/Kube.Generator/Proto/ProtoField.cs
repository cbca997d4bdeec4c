namespace Kube.Generator.Proto;

/// <summary>
/// One field of a message as written: <c>optional string name = 1;</c> or
/// <c>map&lt;string, string&gt; labels = 11;</c>. For a map, <see cref="TypeName"/> is the value type
/// and <see cref="MapKeyType"/> the key type. Type names are as written; <see cref="ProtoSchema"/> resolves them.
/// </summary>
public sealed record ProtoField(ProtoFieldLabel Label, string TypeName, string Name, int Number, int Line, string? MapKeyType = null)
{
    public bool IsRepeated => Label == ProtoFieldLabel.Repeated;
    public bool IsMap => Label == ProtoFieldLabel.Map;
}

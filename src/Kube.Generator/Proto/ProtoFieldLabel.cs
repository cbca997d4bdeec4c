namespace Kube.Generator.Proto;

/// <summary>How often a field may occur: proto2's optional, required and repeated, and map fields.</summary>
public enum ProtoFieldLabel
{
    Optional,
    Required,
    Repeated,
    Map,
}

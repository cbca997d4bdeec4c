namespace Kube.Generator.Planning.Protobuf;

public enum ProtobufFieldShape
{
    Single,
    Repeated,

    /// <summary>map&lt;string, V&gt;: repeated entry messages with key = 1 and value = 2.</summary>
    Map,
}

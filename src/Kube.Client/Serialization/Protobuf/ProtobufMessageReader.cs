namespace Kube.Client.Serialization.Protobuf;

/// <summary>Reads one message (the reader spans exactly its bytes) into a new <typeparamref name="T"/>.</summary>
public delegate T ProtobufMessageReader<T>(ref ProtobufReader reader);

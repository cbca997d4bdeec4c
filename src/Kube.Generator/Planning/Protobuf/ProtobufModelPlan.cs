using System.Collections.Generic;
using Kube.Generator.Proto;

namespace Kube.Generator.Planning.Protobuf;

/// <summary>The protobuf reader and writer of one model class: its message and the fields in number order.</summary>
public sealed record ProtobufModelPlan(ModelClass Model, ProtoMessage Message, GoStruct Go, IReadOnlyList<ProtobufFieldPlan> Fields);

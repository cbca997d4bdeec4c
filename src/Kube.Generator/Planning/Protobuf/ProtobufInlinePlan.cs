using System.Collections.Generic;
using Kube.Generator.Proto;

namespace Kube.Generator.Planning.Protobuf;

/// <summary>A nested message whose fields JSON shows in the outer object (Go's json:",inline" with a protobuf tag).</summary>
public sealed record ProtobufInlinePlan(ProtoMessage Message, GoStruct Go, IReadOnlyList<ProtobufFieldPlan> Fields);

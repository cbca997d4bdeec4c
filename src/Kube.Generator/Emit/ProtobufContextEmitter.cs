using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Planning;
using Kube.Generator.Planning.Protobuf;

namespace Kube.Generator.Emit;

/// <summary>
/// Writes KubeProtobufContext: one protobuf codec per model that is an API kind (what travels in an
/// envelope), created on first use, and a lookup by model type.
/// </summary>
public static class ProtobufContextEmitter
{
    public const string Path = "Models/Generated/Protobuf/KubeProtobufContext.cs";

    public static string Emit(ProtobufCatalog catalog)
    {
        var plans = CodecModels(catalog);
        var w = new CodeWriter();
        w.Header("System", "System.Collections.Generic", "Kube.Client.Schema", "Kube.Client.Serialization.Protobuf");
        w.Line("namespace Kube.Client.Models;");
        w.Line();
        w.Line("/// <summary>The protobuf codecs of the built-in kinds, generated from the generated.proto files of the API.</summary>");
        w.Open("public static partial class KubeProtobufContext");
        w.Line("private static Dictionary<Type, IProtobufCodec>? _byType;");
        foreach (var plan in plans)
        {
            var model = plan.Model;
            string type = model.Type.Code("");
            string field = "_" + char.ToLowerInvariant(model.Type.InfoName[0]) + model.Type.InfoName.Substring(1);
            string kind = model.SingleKind is { } k
                ? $"new GroupVersionKind({Identifiers.Literal(k.Group)}, {Identifiers.Literal(k.Version)}, {Identifiers.Literal(k.Kind)})"
                : "null";
            w.Line();
            w.Line($"private static ProtobufCodec<{type}>? {field};");
            w.Line($"public static ProtobufCodec<{type}> {model.Type.InfoName} =>");
            w.Indent();
            w.Line($"{field} ??= new({kind}, {type}.{ProtobufModelEmitter.ReadMember}, {type}.{ProtobufModelEmitter.WriteMember});");
            w.Outdent();
        }
        w.Line();
        w.Line("/// <summary>The codec of a model type; null for types that are not a built-in kind.</summary>");
        w.Line("public static IProtobufCodec? GetCodec(Type type) =>");
        w.Indent();
        w.Line("(_byType ??= CreateLookup()).TryGetValue(type ?? throw new ArgumentNullException(nameof(type)), out var codec) ? codec : null;");
        w.Outdent();
        w.Line();
        w.Open("private static Dictionary<Type, IProtobufCodec> CreateLookup()");
        w.Line($"var codecs = new IProtobufCodec[]");
        w.OpenBlock();
        foreach (var plan in plans) w.Line($"{plan.Model.Type.InfoName},");
        w.Close(";");
        w.Line("var lookup = new Dictionary<Type, IProtobufCodec>(codecs.Length);");
        w.Line("foreach (var codec in codecs) lookup[codec.Type] = codec;");
        w.Line("return lookup;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The models that get a codec: those with at least one API kind, in catalog order.</summary>
    public static IReadOnlyList<ProtobufModelPlan> CodecModels(ProtobufCatalog catalog) =>
        catalog.Plans.Where(p => p.Model.Kinds.Count > 0).ToList();
}

using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Planning;
using Kube.Generator.Planning.Protobuf;
using Kube.Generator.Spec;

namespace Kube.Generator.Emit;

/// <summary>
/// Writes the protobuf half of one model: a partial of the model class with the unknown-field store,
/// ReadProtobuf (fills the model from a reader over its message) and WriteProtobuf (the fields in
/// number order, as Go writes them, then the unknown fields), and their "Field" forms for a field
/// holding the message. Inlined Go structs get a private reader and writer that fill the same object;
/// Go named slices (Verbs, ExtraValue) get a private reader and writer of the list.
/// </summary>
public static class ProtobufModelEmitter
{
    public const string UnknownFieldsMember = "ProtobufUnknownFields";
    public const string ReadMember = "ReadProtobuf";
    public const string WriteMember = "WriteProtobuf";
    private const string Specials = "ProtobufSpecialTypes";

    public static string PathOf(ModelClass model) => $"Models/Generated/Protobuf/{model.Namespace}/{model.Name}.Protobuf.cs";

    public static string Emit(ProtobufModelPlan plan)
    {
        var model = plan.Model;
        foreach (var property in model.Properties)
        {
            if (property.Name.StartsWith(ReadMember, System.StringComparison.Ordinal) ||
                property.Name.StartsWith(WriteMember, System.StringComparison.Ordinal) ||
                property.Name == UnknownFieldsMember)
            {
                throw new SpecException($"definitions.{model.DefinitionName}: the property {property.Name} would collide with the generated protobuf members.");
            }
        }

        string name = model.Name;
        var w = new CodeWriter();
        w.Header("System.Collections.Generic", "Kube.Client.Models.Serialization", "Kube.Client.Serialization.Protobuf");
        w.Line($"namespace Kube.Client.Models.{model.Namespace};");
        w.Line();
        w.Open($"public sealed partial class {name}");
        w.Line("/// <summary>Fields of the protobuf message this model does not know, written back as they came.</summary>");
        w.Line($"internal byte[]? {UnknownFieldsMember} {{ get; set; }}");
        w.Line();
        w.Line($"internal static {name} {ReadMember}(ref ProtobufReader reader) => {ReadMember}(ref reader, null);");
        w.Line();
        w.Line("/// <summary>Reads the message into <paramref name=\"into\"/> (protobuf merges a message met twice), or into a new object.</summary>");
        w.Open($"internal static {name} {ReadMember}(ref ProtobufReader reader, {name}? into)");
        w.Line($"var value = into ?? new {name}();");
        w.Line($"byte[]? unknown = value.{UnknownFieldsMember};");
        EmitReadLoop(w, model, plan.Fields);
        if (model.ListItem is not null && plan.Fields.FirstOrDefault(f => f.Property?.JsonName == "items") is { Shape: ProtobufFieldShape.Repeated } items)
        {
            // An empty list has no items on the protobuf wire, but the API server's JSON says "items": [].
            w.Line($"value.{items.Property!.Name} ??= new();");
        }
        w.Line($"value.{UnknownFieldsMember} = unknown;");
        w.Line("return value;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Reads a length-delimited field holding the message.</summary>");
        w.Open($"internal static {name} {ReadMember}Field(ref ProtobufReader reader, {name}? into)");
        w.Line("var message = reader.ReadMessage();");
        w.Line($"return {ReadMember}(ref message, into);");
        w.Close();
        w.Line();
        w.Open($"internal static void {WriteMember}(ProtobufWriter writer, {name} value)");
        EmitWrites(w, model, plan.Fields);
        w.Line($"if (value.{UnknownFieldsMember} is {{ }} unknown) writer.WriteRaw(unknown);");
        w.Close();
        w.Line();
        w.Line("/// <summary>Writes a field holding the message; null is written as the empty message.</summary>");
        w.Open($"internal static void {WriteMember}Field(ProtobufWriter writer, uint tag, {name}? value)");
        w.Line("int mark = writer.BeginMessage(tag);");
        w.Line($"if (value is not null) {WriteMember}(writer, value);");
        w.Line("writer.EndMessage(mark);");
        w.Close();

        foreach (var inline in Inlines(plan.Fields))
        {
            var part = inline.Inline!;
            w.Line();
            w.Line($"/// <summary>The {part.Message.Name} part, which JSON shows inline in {name}.</summary>");
            w.Open($"private static void {ReadMember}{part.Message.Name}(ref ProtobufReader reader, {name} value, ref byte[]? outer)");
            w.Line("byte[]? unknown = null;");
            EmitReadLoop(w, model, part.Fields);
            w.Line($"if (unknown is not null) outer = UnknownFields.AppendAsMessage(outer, {inline.Tag}, unknown);");
            w.Close();
            w.Line();
            w.Open($"private static void {WriteMember}{part.Message.Name}(ProtobufWriter writer, {name} value)");
            EmitWrites(w, model, part.Fields);
            w.Close();
        }

        foreach (var wrapped in WrappedLists(plan.Fields))
        {
            var element = wrapped.Element!;
            string list = wrapped.Type.Code(model.Namespace);
            uint itemTag = (uint)(1 << 3) | (uint)element.WireType;
            w.Line();
            w.Line($"/// <summary>{wrapped.Message!.Name}, a Go named slice: the message holds its items as field 1.</summary>");
            w.Open($"private static {list} {ReadMember}{wrapped.Message.Name}(ref ProtobufReader reader)");
            w.Line($"var items = new {list}();");
            w.Line("uint tag;");
            w.Open("while ((tag = reader.ReadTag()) != 0)");
            w.Line($"if (tag == {itemTag}) items.Add({(element.Kind == ProtobufValueKind.Scalar ? ScalarRead(element.Scalar!, "reader") : ElementFieldRead(element, model))});");
            w.Line("else reader.SkipField(tag);");
            w.Close();
            w.Line("return items;");
            w.Close();
            w.Line();
            w.Open($"private static void {WriteMember}{wrapped.Message.Name}(ProtobufWriter writer, {list} items)");
            w.Open("foreach (var item in items)");
            EmitElementWrite(w, element, itemTag, "item", model);
            w.Close();
            w.Close();
        }

        w.Close();
        return w.ToString();
    }

    private static IEnumerable<ProtobufFieldPlan> Inlines(IEnumerable<ProtobufFieldPlan> fields)
    {
        foreach (var field in fields)
        {
            if (field.Inline is null) continue;
            yield return field;
            foreach (var nested in Inlines(field.Inline.Fields)) yield return nested;
        }
    }

    private static IEnumerable<ProtobufValue> WrappedLists(IEnumerable<ProtobufFieldPlan> fields)
    {
        var all = new List<ProtobufFieldPlan>(fields);
        all.AddRange(Inlines(fields).SelectMany(i => i.Inline!.Fields));
        return all
            .Where(f => f.Value?.Kind == ProtobufValueKind.WrappedList)
            .Select(f => f.Value!)
            .GroupBy(v => v.Message!.FullName)
            .Select(g => g.First())
            .OrderBy(v => v.Message!.Name, System.StringComparer.Ordinal);
    }

    private static void EmitReadLoop(CodeWriter w, ModelClass model, IReadOnlyList<ProtobufFieldPlan> fields)
    {
        w.Line("uint tag;");
        w.Open("while ((tag = reader.ReadTag()) != 0)");
        w.Open("switch (tag)");
        foreach (var field in fields) EmitReadCase(w, model, field);
        Case(w, "default:", "reader.SkipUnknown(tag, ref unknown);");
        w.Close();
        w.Close();
    }

    private static void EmitReadCase(CodeWriter w, ModelClass model, ProtobufFieldPlan field)
    {
        string label = $"case {field.Tag}:";
        if (field.Inline is { } inline)
        {
            Block(w, label, "var message = reader.ReadMessage();", $"{ReadMember}{inline.Message.Name}(ref message, value, ref unknown);");
            return;
        }

        var value = field.Value!;
        string target = "value." + field.Property!.Name;
        var owner = model;
        switch (field.Shape)
        {
            case ProtobufFieldShape.Single when value.Kind == ProtobufValueKind.Scalar:
                Case(w, label, field.ZeroIsNull ? ZeroIsNullRead(value.Scalar!, target) : $"{target} = {ScalarRead(value.Scalar!, "reader")};");
                break;
            case ProtobufFieldShape.Single when value.Kind == ProtobufValueKind.Message:
                Case(w, label, $"{target} = {TypeOf(value.Model!, owner)}.{ReadMember}Field(ref reader, {target});");
                break;
            case ProtobufFieldShape.Single when value.Kind == ProtobufValueKind.RawJson && IsKeptAsText(field):
                // Kept as text: checked and stored without building the JsonElement.
                Block(w, label, "var message = reader.ReadMessage();", $"value.{ModelEmitter.RawPropertyName(field.Property!)} = {Specials}.ReadRawJsonText(ref message);");
                break;
            case ProtobufFieldShape.Single:
                Block(w, label, "var message = reader.ReadMessage();", $"{target} = {SingleRead(value, owner)};");
                break;
            case ProtobufFieldShape.Repeated when value.Kind == ProtobufValueKind.Scalar:
                Case(w, label, $"({target} ??= new()).Add({ScalarRead(value.Scalar!, "reader")});");
                // Readers must take packed and unpacked repeated scalars alike.
                if (value.IsPackable) Case(w, $"case {(uint)(field.Number << 3) | 2}:", $"reader.ReadPacked{PackedName(value.Scalar!)}({target} ??= new());");
                break;
            case ProtobufFieldShape.Repeated:
                Case(w, label, $"({target} ??= new()).Add({ElementFieldRead(value, owner)});");
                break;
            default:
                string entry = value.Kind != ProtobufValueKind.Scalar
                    ? $"reader.ReadMapEntry({target} ??= new(), {ValueReader(value, owner)});"
                    : value.Scalar switch
                    {
                        "string" => $"reader.ReadStringMapEntry({target} ??= new());",
                        "bytes" => $"reader.ReadBytesMapEntry({target} ??= new());",
                        _ => throw new SpecException($"definitions.{model.DefinitionName}: map field '{field.Field.Name}' has {value.Scalar} values, which are not supported."),
                    };
                Case(w, label, entry);
                break;
        }
    }

    /// <summary>An expression reading a length-delimited field holding one element (never null) from "reader".</summary>
    private static string ElementFieldRead(ProtobufValue value, ModelClass owner) =>
        value.Kind == ProtobufValueKind.Message
            ? $"{TypeOf(value.Model!, owner)}.{ReadMember}Field(ref reader, null)"
            : $"ProtobufReading.Field(ref reader, {ValueReader(value, owner)})";

    /// <summary>A method (or lambda) usable as ProtobufMessageReader&lt;T&gt; for an element: never null, Go's zero value for an empty message.</summary>
    private static string ValueReader(ProtobufValue value, ModelClass owner) => value.Kind switch
    {
        ProtobufValueKind.Message => $"{TypeOf(value.Model!, owner)}.{ReadMember}",
        ProtobufValueKind.IntOrString => $"{Specials}.ReadIntOrString",
        ProtobufValueKind.Quantity => $"{Specials}.ReadQuantity",
        ProtobufValueKind.Time => $"{Specials}.ReadTimeValue",
        ProtobufValueKind.MicroTime => $"{Specials}.ReadMicroTimeValue",
        ProtobufValueKind.RawJson => $"{Specials}.ReadRawJsonValue",
        ProtobufValueKind.WrappedList => $"{ReadMember}{value.Message!.Name}",
        ProtobufValueKind.SchemaOrArray or ProtobufValueKind.SchemaOrBool or ProtobufValueKind.SchemaOrStringArray =>
            $"static (ref ProtobufReader r) => {Specials}.Read{value.Kind}<{UnionTypes(value)}>(ref r, {SchemaOf(value)}.{ReadMember})",
        _ => throw new SpecException($"No protobuf reader for a {value.Kind} value."),
    };

    /// <summary>Reads a single (not repeated) field from "message": times and raw JSON read as null where Go's JSON says null.</summary>
    private static string SingleRead(ProtobufValue value, ModelClass owner) => value.Kind switch
    {
        ProtobufValueKind.Time => $"{Specials}.ReadTime(ref message)",
        ProtobufValueKind.MicroTime => $"{Specials}.ReadMicroTime(ref message)",
        ProtobufValueKind.RawJson => $"{Specials}.ReadRawJson(ref message)",
        ProtobufValueKind.SchemaOrArray or ProtobufValueKind.SchemaOrBool or ProtobufValueKind.SchemaOrStringArray =>
            $"{Specials}.Read{value.Kind}<{UnionTypes(value)}>(ref message, {SchemaOf(value)}.{ReadMember})",
        _ => $"{ValueReader(value, owner)}(ref message)",
    };

    /// <summary>A method (or lambda) usable as Action&lt;ProtobufWriter, T&gt;: writes the fields of a message-valued element.</summary>
    private static string ValueWriter(ProtobufValue value, ModelClass owner) => value.Kind switch
    {
        ProtobufValueKind.Message => $"{TypeOf(value.Model!, owner)}.{WriteMember}",
        ProtobufValueKind.IntOrString or ProtobufValueKind.Quantity or ProtobufValueKind.Time or ProtobufValueKind.MicroTime or ProtobufValueKind.RawJson =>
            $"{Specials}.Write{value.Kind}",
        ProtobufValueKind.WrappedList => $"{WriteMember}{value.Message!.Name}",
        ProtobufValueKind.SchemaOrArray or ProtobufValueKind.SchemaOrBool or ProtobufValueKind.SchemaOrStringArray =>
            $"static (w, v) => {Specials}.Write{value.Kind}(w, v, {SchemaOf(value)}.{WriteMember})",
        _ => throw new SpecException($"No protobuf writer for a {value.Kind} value."),
    };

    /// <summary>A call writing the fields of the message-valued <paramref name="item"/> into the message begun.</summary>
    private static string ValueWrite(ProtobufValue value, ModelClass owner, string item) => value.Kind switch
    {
        ProtobufValueKind.SchemaOrArray or ProtobufValueKind.SchemaOrBool or ProtobufValueKind.SchemaOrStringArray =>
            $"{Specials}.Write{value.Kind}(writer, {item}, {SchemaOf(value)}.{WriteMember});",
        _ => $"{ValueWriter(value, owner)}(writer, {item});",
    };

    private static void EmitWrites(CodeWriter w, ModelClass model, IReadOnlyList<ProtobufFieldPlan> fields)
    {
        var owner = model;
        foreach (var field in fields)
        {
            if (field.Inline is { } inline)
            {
                Block(w, null, $"int mark = writer.BeginMessage({field.Tag});", $"{WriteMember}{inline.Message.Name}(writer, value);", "writer.EndMessage(mark);");
                continue;
            }

            var value = field.Value!;
            string source = "value." + (value.Kind == ProtobufValueKind.RawJson && IsKeptAsText(field) ? ModelEmitter.RawPropertyName(field.Property!) : field.Property!.Name);
            string local = "f" + field.Number;
            switch (field.Shape)
            {
                case ProtobufFieldShape.Single when value.Kind == ProtobufValueKind.Scalar:
                    w.Line(field.GoNullable
                        ? $"if ({source} is {{ }} {local}) {ScalarWrite(value.Scalar!, field.Tag, local)}"
                        : ScalarWrite(value.Scalar!, field.Tag, $"{source} ?? {ScalarZero(value.Scalar!)}"));
                    break;
                case ProtobufFieldShape.Single when value.Kind == ProtobufValueKind.Message:
                    // Go always writes a struct field, zero or not; null goes out as the zero (empty) message.
                    string call = $"{TypeOf(value.Model!, owner)}.{WriteMember}Field(writer, {field.Tag}, {{0}});";
                    w.Line(field.GoNullable ? $"if ({source} is {{ }} {local}) " + string.Format(call, local) : string.Format(call, source));
                    break;
                case ProtobufFieldShape.Single:
                    if (field.GoNullable)
                        Block(w, $"if ({source} is {{ }} {local})", $"int mark = writer.BeginMessage({field.Tag});", ValueWrite(value, owner, local), "writer.EndMessage(mark);");
                    else
                        Block(w, null, $"int mark = writer.BeginMessage({field.Tag});", $"if ({source} is {{ }} {local}) {ValueWrite(value, owner, local)}", "writer.EndMessage(mark);");
                    break;
                case ProtobufFieldShape.Repeated:
                    w.Open($"if ({source} is {{ }} {local})");
                    w.Open($"foreach (var item in {local})");
                    EmitElementWrite(w, value, field.Tag, "item", owner);
                    w.Close();
                    w.Close();
                    break;
                default:
                    string map = value.Kind != ProtobufValueKind.Scalar
                        ? $"writer.WriteMap({field.Tag}, {local}, {ValueWriter(value, owner)});"
                        : value.Scalar == "bytes" ? $"writer.WriteBytesMap({field.Tag}, {local});" : $"writer.WriteStringMap({field.Tag}, {local});";
                    w.Line($"if ({source} is {{ }} {local}) {map}");
                    break;
            }
        }
    }

    private static bool IsKeptAsText(ProtobufFieldPlan field) =>
        field.Shape == ProtobufFieldShape.Single && field.Property?.Type is PrimitiveTypeRef { KeptAsText: true };

    /// <summary>One element of a list: a scalar as it is (null as zero), a message framed (null as the empty message).</summary>
    private static void EmitElementWrite(CodeWriter w, ProtobufValue value, uint tag, string item, ModelClass owner)
    {
        if (value.Kind == ProtobufValueKind.Scalar)
        {
            w.Line(ScalarWrite(value.Scalar!, tag, value.Type.IsValueType ? item : $"{item} ?? {ScalarZero(value.Scalar!)}"));
        }
        else if (value.Kind == ProtobufValueKind.Message)
        {
            w.Line($"{TypeOf(value.Model!, owner)}.{WriteMember}Field(writer, {tag}, {item});");
        }
        else
        {
            w.Line($"int mark = writer.BeginMessage({tag});");
            w.Line(value.Type.IsValueType ? ValueWrite(value, owner, item) : $"if ({item} is not null) {ValueWrite(value, owner, item)}");
            w.Line("writer.EndMessage(mark);");
        }
    }

    /// <summary>A model type as the file of <paramref name="owner"/> names it: short, unless a property would hide it (PodStatus.PodIP).</summary>
    private static string TypeOf(ModelClass model, ModelClass owner) =>
        owner.Properties.Any(p => p.Name == model.Name || p.Name == model.Namespace)
            ? "global::" + model.Type.FullName
            : model.Type.Code(owner.Namespace);

    private static string SchemaOf(ProtobufValue union) =>
        "global::" + new ModelTypeRef(((ModelTypeRef)union.Type).Namespace, "JSONSchemaProps").FullName;

    private static string UnionTypes(ProtobufValue union) => $"global::{((ModelTypeRef)union.Type).FullName}, {SchemaOf(union)}";

    private static void Case(CodeWriter w, string label, string statement)
    {
        w.Line(label);
        w.Indent();
        w.Line(statement);
        w.Line("break;");
        w.Outdent();
    }

    /// <summary>A braced block of statements, after an optional head line (a case label or an if).</summary>
    private static void Block(CodeWriter w, string? head, params string[] statements)
    {
        bool isCase = head is not null && head.StartsWith("case ", System.StringComparison.Ordinal);
        if (head is not null) w.Line(head);
        w.OpenBlock();
        foreach (string statement in statements) w.Line(statement);
        if (isCase) w.Line("break;");
        w.Close();
    }

    private static string ScalarRead(string scalar, string reader) => scalar switch
    {
        "string" => $"{reader}.ReadString()",
        "int32" => $"{reader}.ReadInt32()",
        "int64" => $"{reader}.ReadInt64()",
        "bool" => $"{reader}.ReadBool()",
        "double" => $"{reader}.ReadDouble()",
        "bytes" => $"{reader}.ReadBytes()",
        _ => throw new SpecException($"No reader for the scalar {scalar}."),
    };

    // A non-pointer Go field with omitempty: JSON leaves its zero value out, so it reads as null.
    private static string ZeroIsNullRead(string scalar, string target) => scalar switch
    {
        "string" => $"{target} = ProtobufReading.NullIfEmpty(reader.ReadString());",
        "int32" => $"{target} = ProtobufReading.NullIfZero(reader.ReadInt32());",
        "int64" => $"{target} = ProtobufReading.NullIfZero(reader.ReadInt64());",
        "bool" => $"{target} = ProtobufReading.NullIfFalse(reader.ReadBool());",
        "double" => $"{target} = ProtobufReading.NullIfZero(reader.ReadDouble());",
        "bytes" => $"{target} = ProtobufReading.NullIfEmpty(reader.ReadBytes());",
        _ => throw new SpecException($"No reader for the scalar {scalar}."),
    };

    private static string ScalarWrite(string scalar, uint tag, string expression) => scalar switch
    {
        "string" => $"writer.WriteString({tag}, {expression});",
        "int32" => $"writer.WriteInt32({tag}, {expression});",
        "int64" => $"writer.WriteInt64({tag}, {expression});",
        "bool" => $"writer.WriteBool({tag}, {expression});",
        "double" => $"writer.WriteDouble({tag}, {expression});",
        "bytes" => $"writer.WriteBytes({tag}, {expression});",
        _ => throw new SpecException($"No writer for the scalar {scalar}."),
    };

    private static string ScalarZero(string scalar) => scalar switch
    {
        "string" => "\"\"",
        "bool" => "false",
        "bytes" => "System.Array.Empty<byte>()",
        "double" => "0d",
        _ => "0",
    };

    private static string PackedName(string scalar) => scalar switch
    {
        "int32" => "Int32",
        "int64" => "Int64",
        "bool" => "Bool",
        _ => "Double",
    };
}

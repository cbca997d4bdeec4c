using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Planning;

namespace Kube.Generator.Emit;

/// <summary>Writes one model class: Models/Generated/&lt;Namespace&gt;/&lt;Type&gt;.cs.</summary>
public static class ModelEmitter
{
    public static string PathOf(ModelClass model) => $"Models/Generated/{model.Namespace}/{model.Name}.cs";

    public static string Emit(ModelClass model)
    {
        var usings = new SortedSet<string>(System.StringComparer.Ordinal)
        {
            "System.Collections.Generic",
            "System.Text.Json",
            "System.Text.Json.Serialization",
            "Kube.Client.Models.Serialization",
        };
        foreach (var property in model.Properties)
        {
            foreach (var part in property.Type.SelfAndParts())
            {
                if (part.RequiredUsing is { } ns) usings.Add(ns);
            }
        }

        var w = new CodeWriter();
        w.Header(usings.ToArray());
        w.Line($"namespace Kube.Client.Models.{model.Namespace};");
        w.Line();
        w.Open($"public sealed partial class {model.Name} : {string.Join(", ", Interfaces(model))}");

        bool first = true;
        void Separate()
        {
            if (!first) w.Line();
            first = false;
        }

        if (model.SingleKind is { } kind)
        {
            Separate();
            w.Line($"public const string {model.GroupConstant} = {Identifiers.Literal(kind.Group)};");
            w.Line($"public const string {model.VersionConstant} = {Identifiers.Literal(kind.Version)};");
            w.Line($"public const string {model.KindConstant} = {Identifiers.Literal(kind.Kind)};");
            w.Line($"public const string {model.ApiVersionConstant} = {Identifiers.Literal(kind.ApiVersion)};");

            if (model.IsKubeObject)
            {
                // Items of a list come without apiVersion and kind; a new object should carry them.
                w.Line();
                w.Open($"public {model.Name}()");
                w.Line($"ApiVersion = {model.ApiVersionConstant};");
                w.Line($"Kind = {model.KindConstant};");
                w.Close();
            }
        }

        foreach (var property in model.Properties)
        {
            Separate();
            if (property.Type is PrimitiveTypeRef { KeptAsText: true })
            {
                EmitKeptAsText(w, property, model.Namespace);
                continue;
            }
            if (property.KeptAsUtf8)
            {
                EmitKeptAsUtf8(w, property, model.Namespace);
                continue;
            }
            w.Line($"[JsonPropertyName({Identifiers.Literal(property.JsonName)})]");
            if (property.Converter is not null) w.Line($"[JsonConverter(typeof({property.Converter}))]");
            w.Line($"public {property.Type.Code(model.Namespace)}? {property.Name} {{ get; set; }}");
        }

        if (model.ListItem is { } item)
        {
            string itemType = item.Type.Code(model.Namespace);
            Separate();
            w.Open($"IList<{itemType}>? IKubeList<{itemType}>.Items");
            w.Line("get => Items;");
            w.Line($"set => Items = value is null ? null : value as List<{itemType}> ?? new List<{itemType}>(value);");
            w.Close();
        }

        Separate();
        w.Line("[JsonExtensionData]");
        w.Line("public IDictionary<string, JsonElement>? ExtensionData { get; set; }");

        w.Line();
        EmitShareStrings(w, model);
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// IShareStrings: every string, list of strings and string-keyed map of the model (and the
    /// generated models inside it) goes through the pool. Hand-written models (Quantity,
    /// IntOrString, the schema unions) are left alone; so are maps and lists nested in collections.
    /// </summary>
    private static void EmitShareStrings(CodeWriter w, ModelClass model)
    {
        var lines = new List<string>();
        foreach (var property in model.Properties)
        {
            string p = property.Name;
            // Kept as UTF-8: no strings to share, and reading it would make the dictionary.
            if (property.KeptAsUtf8) continue;
            switch (property.Type)
            {
                case PrimitiveTypeRef { KeptAsText: true }:
                    string raw = RawPropertyName(property);
                    lines.Add($"{raw} = pool.Share({raw});");
                    break;
                case PrimitiveTypeRef primitive when primitive == PrimitiveTypeRef.String:
                    lines.Add($"{p} = pool.Share({p});");
                    break;
                case ModelTypeRef nested when IsGenerated(nested):
                    lines.Add($"pool.Walk({p});");
                    break;
                case ListTypeRef { Element: PrimitiveTypeRef element } when element == PrimitiveTypeRef.String:
                    lines.Add($"pool.ShareAll({p});");
                    break;
                case ListTypeRef { Element: ModelTypeRef element } when IsGenerated(element):
                    lines.Add($"pool.WalkAll({p});");
                    break;
                case MapTypeRef { Value: PrimitiveTypeRef value } when value == PrimitiveTypeRef.String:
                    lines.Add($"{p} = pool.ShareMap({p});");
                    break;
                case MapTypeRef:
                    lines.Add($"{p} = pool.ShareKeys({p});");
                    break;
            }
        }
        if (lines.Count == 0)
        {
            w.Line("void IShareStrings.ShareStrings(StringPool pool) { }");
            return;
        }
        w.Open("void IShareStrings.ShareStrings(StringPool pool)");
        foreach (string line in lines) w.Line(line);
        w.Close();
    }

    private static readonly HashSet<ModelTypeRef> HandWritten = new(SpecialDefinitions.All.Select(p => p.Value).OfType<ModelTypeRef>());

    private static bool IsGenerated(ModelTypeRef type) => !HandWritten.Contains(type);

    /// <summary>
    /// The wire form is an internal RawJson property (the value's text, decoded without building an
    /// element); the public property reads and writes it as a JsonElement, parsed on first read.
    /// </summary>
    private static void EmitKeptAsText(CodeWriter w, ModelProperty property, string modelNamespace)
    {
        string raw = RawPropertyName(property);
        w.Line($"[JsonPropertyName({Identifiers.Literal(property.JsonName)})]");
        w.Line("[JsonInclude]");
        w.Line("[JsonConverter(typeof(RawJsonConverter))]");
        w.Line($"internal RawJson? {raw} {{ get; set; }}");
        w.Line();
        w.Line("[JsonIgnore]");
        w.Open($"public {property.Type.Code(modelNamespace)}? {property.Name}");
        w.Line($"get => {raw}?.Element;");
        w.Line($"set => {raw} = RawJson.From(value);");
        w.Close();
    }

    public static string RawPropertyName(ModelProperty property) => property.Name + "Text";

    /// <summary>
    /// The wire form is an internal Utf8StringMap property (the pairs' UTF-8, decoded without making
    /// strings); the public property reads and writes it as the dictionary, made on first read.
    /// </summary>
    private static void EmitKeptAsUtf8(CodeWriter w, ModelProperty property, string modelNamespace)
    {
        string utf8 = Utf8PropertyName(property);
        w.Line($"[JsonPropertyName({Identifiers.Literal(property.JsonName)})]");
        w.Line("[JsonInclude]");
        w.Line("[JsonConverter(typeof(Utf8StringMapConverter))]");
        w.Line($"internal Utf8StringMap? {utf8} {{ get; set; }}");
        w.Line();
        w.Line("[JsonIgnore]");
        w.Open($"public {property.Type.Code(modelNamespace)}? {property.Name}");
        w.Line($"get => {utf8}?.Map;");
        w.Line($"set => {utf8} = Utf8StringMap.From(value);");
        w.Close();
    }

    public static string Utf8PropertyName(ModelProperty property) => property.Name + "Utf8";

    private static IEnumerable<string> Interfaces(ModelClass model)
    {
        if (model.IsResource) yield return "IKubeResource";
        else if (model.ListItem is not null) yield return $"IKubeList<{model.ListItem.Type.Code(model.Namespace)}>";
        else if (model.IsKubeObject) yield return "IKubeObject";
        yield return "IHasExtensionData";
        yield return "IShareStrings";
    }
}

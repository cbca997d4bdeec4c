using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Planning;

namespace Kube.Generator.Emit;

/// <summary>
/// Writes KubeJsonContext: every model and every collection of models named explicitly, because
/// implicit names collide across groups (List&lt;Subject&gt; exists in rbac and flowcontrol).
/// </summary>
public static class JsonContextEmitter
{
    public const string Path = "Models/Generated/KubeJsonContext.cs";

    public static string Emit(IEnumerable<TypeRef> types, IEnumerable<ApiResource> listlessResources)
    {
        var typeList = types.ToList();
        var usings = new SortedSet<string>(System.StringComparer.Ordinal) { "System.Collections.Generic", "System.Text.Json.Serialization" };
        foreach (var part in typeList.SelectMany(t => t.SelfAndParts()))
        {
            if (part.RequiredUsing is { } ns) usings.Add(ns);
        }

        var w = new CodeWriter();
        w.Header(usings.ToArray());
        w.Line("namespace Kube.Client.Models;");
        w.Line();
        // Metadata mode only: models with [JsonExtensionData] cannot use the fast-path serializer.
        // A deep MaxDepth because CRD schemas nest JSONSchemaProps far beyond the default 64.
        w.Line("[JsonSourceGenerationOptions(");
        w.Indent();
        w.Line("DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,");
        w.Line("GenerationMode = JsonSourceGenerationMode.Metadata,");
        // Strings through a converter that shares them among the items of a list while one is decoded.
        w.Line("Converters = new[] { typeof(Serialization.PooledStringConverter) },");
        w.Line("MaxDepth = 512)]");
        w.Outdent();
        foreach (var type in typeList)
            w.Line($"[JsonSerializable(typeof({type.Code("")}), TypeInfoPropertyName = {Identifiers.Literal(type.InfoName)})]");
        foreach (var resource in listlessResources)
        {
            var model = resource.Model.Type;
            w.Line($"[JsonSerializable(typeof(NoList<{model.Code("")}>), TypeInfoPropertyName = {Identifiers.Literal(NoListInfoName(model))})]");
            // NoList<T>.Items is an IList<T>, whose implicit metadata name would collide across versions.
            w.Line($"[JsonSerializable(typeof(IList<{model.Code("")}>), TypeInfoPropertyName = {Identifiers.Literal("IListOf" + model.InfoName)})]");
        }
        w.Line("public sealed partial class KubeJsonContext : JsonSerializerContext");
        w.Line("{");
        w.Line("}");
        return w.ToString();
    }

    public static string NoListInfoName(ModelTypeRef model) => model.InfoName + "NoList";

    /// <summary>The resources whose clients need a NoList&lt;T&gt;, once per model type, in a stable order.</summary>
    public static IReadOnlyList<ApiResource> ListlessResources(ResourceCatalog resources) =>
        resources.GroupVersions
            .SelectMany(g => g.Resources.Values)
            .Where(r => r.List is null)
            .GroupBy(r => r.Model.Type)
            .Select(g => g.First())
            .OrderBy(r => r.Model.Type.InfoName, System.StringComparer.Ordinal)
            .ToList();
}

using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Spec;

namespace Kube.Generator.Planning;

/// <summary>
/// Decides, for every definition of the document, which C# type stands for it and, for the object
/// definitions, the class to generate: property names and types, interfaces, kind constants.
/// </summary>
public sealed class ModelCatalog
{
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    // Names the generated model files use unqualified; a model of the same name would hide them.
    private static readonly HashSet<string> ReservedTypeNames = new(StringComparer.Ordinal)
    {
        "List", "Dictionary", "IDictionary", "IList", "JsonElement", "DateTimeOffset", "JsonPropertyName", "JsonPropertyNameAttribute",
        "JsonExtensionData", "JsonExtensionDataAttribute", "JsonConverter", "JsonConverterAttribute", "IKubeObject", "IKubeResource",
        "IKubeList", "IHasExtensionData", "IntOrString", "Quantity", "TimeConverter", "MicroTimeConverter", "TimeMapConverter",
        "KubeJsonContext", "ModelRegistry", "ModelRegistration", "NoList", "System", "Kube",
    };

    private readonly Dictionary<string, TypeRef> _byDefinition = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelClass> _classes = new(StringComparer.Ordinal);

    private ModelCatalog()
    {
    }

    /// <summary>Generated classes, ordered by namespace then name.</summary>
    public IReadOnlyList<ModelClass> Classes { get; private set; } = Array.Empty<ModelClass>();

    public static ModelCatalog Build(ApiSpec spec)
    {
        var catalog = new ModelCatalog();
        catalog.PlanTypes(spec);
        catalog.PlanProperties(spec);
        catalog.PlanInterfaces();
        catalog.CheckNamespaceShadowing();
        return catalog;
    }

    public TypeRef Resolve(string definition) =>
        _byDefinition.TryGetValue(definition, out var type)
            ? type
            : throw new SpecException($"The reference to '{definition}' points at no definition of the document.");

    public ModelClass? FindClass(string definition) => _classes.TryGetValue(definition, out var model) ? model : null;

    public ModelClass? FindClass(ModelTypeRef type) => Classes.FirstOrDefault(c => c.Type == type);

    /// <summary>The class of the definition whose one and only kind is <paramref name="kind"/>.</summary>
    public ModelClass? FindByKind(GroupVersionKindRef kind) => Classes.FirstOrDefault(c => c.SingleKind == kind);

    /// <summary>Every type the serializer context must name: generated classes, hand-written specials and collections.</summary>
    public IReadOnlyList<TypeRef> SerializableTypes()
    {
        var all = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        void Add(TypeRef type)
        {
            foreach (var part in type.SelfAndParts())
            {
                if (part is PrimitiveTypeRef) continue;
                if (all.TryGetValue(part.InfoName, out var existing) && existing != part)
                    throw new SpecException($"Two types would share the serializer name '{part.InfoName}': {existing.ClientCode} and {part.ClientCode}.");
                all[part.InfoName] = part;
            }
        }

        foreach (var model in Classes)
        {
            Add(model.Type);
            foreach (var property in model.Properties) Add(property.Type);
        }
        foreach (var special in _byDefinition.Values.Where(t => t is ModelTypeRef && FindClass((ModelTypeRef)t) is null)) Add(special);
        foreach (var dependency in SpecialDefinitions.ConverterDependencies())
        {
            bool present = dependency.SelfAndParts().All(p => p is not ModelTypeRef m || FindClass(m) is not null);
            if (present) Add(dependency);
        }
        return all.Values.OrderBy(t => t.InfoName, StringComparer.Ordinal).ToList();
    }

    private void PlanTypes(ApiSpec spec)
    {
        var taken = new Dictionary<ModelTypeRef, string>();
        foreach (var special in SpecialDefinitions.All)
        {
            if (special.Value is ModelTypeRef handWritten) taken[handWritten] = special.Key;
        }

        foreach (var (name, schema) in spec.Definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (SpecialDefinitions.TryGet(name, out var special))
            {
                _byDefinition[name] = special;
                continue;
            }

            bool isObject = schema.Type == "object" || (schema.Type is null && schema.Properties.Count > 0);
            if (!isObject || schema.Reference is not null)
            {
                throw new SpecException(
                    $"definitions.{name}: a definition of type '{schema.Type ?? "(none)"}' without properties has no generated form; " +
                    "map it to a hand-written type in Kube.Generator's SpecialDefinitions.");
            }

            var parsed = DefinitionName.Parse(name);
            var type = new ModelTypeRef(parsed.Namespace, parsed.TypeName);
            if (ReservedTypeNames.Contains(type.Name))
                throw new SpecException($"definitions.{name}: the type name '{type.Name}' would hide a name the generated code relies on.");
            if (taken.TryGetValue(type, out string? other))
                throw new SpecException($"definitions.{name} and definitions.{other} would both become {type.FullName}.");
            taken[type] = name;
            _byDefinition[name] = type;
            _classes[name] = new ModelClass(name, type, schema.GroupVersionKinds);
        }

        Classes = _classes.Values
            .OrderBy(c => c.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private void PlanProperties(ApiSpec spec)
    {
        foreach (var model in Classes)
        {
            var schema = spec.Definitions[model.DefinitionName];
            var used = new HashSet<string>(StringComparer.Ordinal) { model.Name, "ExtensionData" };
            if (model.SingleKind is not null)
            {
                model.GroupConstant = Unique("KubeGroup", used, schema);
                model.VersionConstant = Unique("KubeVersion", used, schema);
                model.KindConstant = Unique("KubeKind", used, schema);
                model.ApiVersionConstant = Unique("KubeApiVersion", used, schema);
            }

            foreach (var (jsonName, propertySchema) in schema.Properties)
            {
                string where = $"definitions.{model.DefinitionName}.properties.{jsonName}";
                var type = MapSchema(propertySchema, where);
                string name = Identifiers.ToPascalCase(jsonName);
                while (!used.Add(name)) name += "Value";
                bool keptAsUtf8 = SpecialDefinitions.IsKeptAsUtf8(model.DefinitionName, jsonName);
                if (keptAsUtf8 && type is not MapTypeRef { Value: PrimitiveTypeRef { Name: "string", Converter: null } })
                    throw new SpecException($"{where}: only a map of strings can be kept as UTF-8, not {type.ClientCode}.");
                model.Properties.Add(new ModelProperty(jsonName, name, type, ConverterFor(type, where), keptAsUtf8));
            }
        }
    }

    // Properties keep the names their JSON names give them; a constant a property would collide with is renamed.
    private static string Unique(string name, HashSet<string> used, SchemaNode schema)
    {
        bool clashes = schema.Properties.Any(p => Identifiers.ToPascalCase(p.Key) == name);
        string chosen = clashes ? "Api" + name : name;
        while (!used.Add(chosen)) chosen += "Value";
        return chosen;
    }

    private TypeRef MapSchema(SchemaNode schema, string where)
    {
        if (schema.Reference is not null) return Resolve(schema.Reference);
        switch (schema.Type)
        {
            case "string":
                return schema.Format switch
                {
                    "byte" => PrimitiveTypeRef.Bytes,
                    "date-time" => PrimitiveTypeRef.Time,
                    "int-or-string" => Resolve("io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
                    _ => PrimitiveTypeRef.String,
                };
            case "integer":
                return schema.Format == "int32" ? PrimitiveTypeRef.Int32 : PrimitiveTypeRef.Int64;
            case "number":
                return PrimitiveTypeRef.Double;
            case "boolean":
                return PrimitiveTypeRef.Boolean;
            case "array":
                if (schema.Items is null) throw new SpecException($"{where}: an array without an items schema.");
                return new ListTypeRef(MapSchema(schema.Items, where + ".items"));
            case "object":
                return schema.AdditionalProperties is null
                    ? PrimitiveTypeRef.Json
                    : new MapTypeRef(MapSchema(schema.AdditionalProperties, where + ".additionalProperties"));
            case null:
                return PrimitiveTypeRef.Json;
            default:
                throw new SpecException($"{where}: the schema type '{schema.Type}' is not supported.");
        }
    }

    private static string? ConverterFor(TypeRef type, string where)
    {
        switch (type)
        {
            case PrimitiveTypeRef primitive:
                return primitive.Converter;
            case MapTypeRef { Value: PrimitiveTypeRef { Converter: "TimeConverter" } }:
                return "TimeMapConverter";
            default:
                if (type.SelfAndParts().Skip(1).Any(p => p is PrimitiveTypeRef { Converter: not null }))
                    throw new SpecException($"{where}: timestamps inside {type.ClientCode} need a converter the library does not have yet.");
                return null;
        }
    }

    private void PlanInterfaces()
    {
        foreach (var model in Classes)
        {
            var apiVersion = model.Properties.FirstOrDefault(p => p.JsonName == "apiVersion");
            var kind = model.Properties.FirstOrDefault(p => p.JsonName == "kind");
            model.IsKubeObject = apiVersion is { Name: "ApiVersion", Type: PrimitiveTypeRef { Name: "string" } }
                && kind is { Name: "Kind", Type: PrimitiveTypeRef { Name: "string" } };

            var metadata = model.Properties.FirstOrDefault(p => p.JsonName == "metadata" && p.Name == "Metadata");
            var items = model.Properties.FirstOrDefault(p => p.JsonName == "items" && p.Name == "Items");
            if (!model.IsKubeObject || metadata is null) continue;

            if (model.SingleKind is not null && metadata.Type == Resolve(ObjectMeta))
                model.IsResource = true;
            if (metadata.Type == Resolve(ListMeta) && items?.Type is ListTypeRef { Element: ModelTypeRef element } && FindClass(element) is { } itemClass)
                model.ListItem = itemClass;
        }

        foreach (var list in Classes.Where(c => c.ListItem is not null))
        {
            var item = list.ListItem!;
            // PodList holds Pods; a list named otherwise (or a second list of the same item) is not "the" list.
            if (list.Name == item.Name + "List" && list.Namespace == item.Namespace) item.ListClass = list;
        }
    }

    private void CheckNamespaceShadowing()
    {
        var namespaces = new HashSet<string>(Classes.Select(c => c.Namespace), StringComparer.Ordinal);
        foreach (var model in Classes)
        {
            if (namespaces.Contains(model.Name))
                throw new SpecException($"definitions.{model.DefinitionName}: the type {model.Type.FullName} would hide the namespace Kube.Client.Models.{model.Name}.");
        }
    }
}

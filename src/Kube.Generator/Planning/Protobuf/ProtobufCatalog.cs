using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Proto;

namespace Kube.Generator.Planning.Protobuf;

/// <summary>
/// Joins the models with the generated.proto messages of the same definitions and the Go structs
/// beside them: for every model whose package has a generated.proto, which proto field fills which
/// property. Proto fields are matched to properties through the Go field's JSON name (the proto name
/// differs for a few: webhooks/Webhooks, $ref/ref, x-kubernetes-*), and every mismatch of number,
/// name, type or coverage fails the generator with the file and line, so a newer source tree cannot
/// silently produce a reader that drops or misplaces a field.
/// </summary>
public sealed class ProtobufCatalog
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private const string Apiextensions = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.";

    /// <summary>Messages with a hand-written reader and writer, with the fields that code expects (number, name, type, label).</summary>
    private static readonly Dictionary<string, (ProtobufValueKind Kind, string Fields)> Specials = new(StringComparer.Ordinal)
    {
        ["k8s.io.apimachinery.pkg.util.intstr.IntOrString"] = (ProtobufValueKind.IntOrString, "1 type int64, 2 intVal int32, 3 strVal string"),
        ["k8s.io.apimachinery.pkg.api.resource.Quantity"] = (ProtobufValueKind.Quantity, "1 string string"),
        [Meta + "Time"] = (ProtobufValueKind.Time, "1 seconds int64, 2 nanos int32"),
        [Meta + "MicroTime"] = (ProtobufValueKind.MicroTime, "1 seconds int64, 2 nanos int32"),
        ["k8s.io.apimachinery.pkg.runtime.RawExtension"] = (ProtobufValueKind.RawJson, "1 raw bytes"),
        [Meta + "FieldsV1"] = (ProtobufValueKind.RawJson, "1 Raw bytes"),
        [Apiextensions + "v1.JSON"] = (ProtobufValueKind.RawJson, "1 raw bytes"),
        [Apiextensions + "v1beta1.JSON"] = (ProtobufValueKind.RawJson, "1 raw bytes"),
        [Apiextensions + "v1.JSONSchemaPropsOrArray"] = (ProtobufValueKind.SchemaOrArray, "1 schema JSONSchemaProps, 2 jSONSchemas repeated JSONSchemaProps"),
        [Apiextensions + "v1.JSONSchemaPropsOrBool"] = (ProtobufValueKind.SchemaOrBool, "1 allows bool, 2 schema JSONSchemaProps"),
        [Apiextensions + "v1.JSONSchemaPropsOrStringArray"] = (ProtobufValueKind.SchemaOrStringArray, "1 schema JSONSchemaProps, 2 property repeated string"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrArray"] = (ProtobufValueKind.SchemaOrArray, "1 schema JSONSchemaProps, 2 jSONSchemas repeated JSONSchemaProps"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrBool"] = (ProtobufValueKind.SchemaOrBool, "1 allows bool, 2 schema JSONSchemaProps"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrStringArray"] = (ProtobufValueKind.SchemaOrStringArray, "1 schema JSONSchemaProps, 2 property repeated string"),
    };

    private readonly ModelCatalog _models;
    private readonly ProtoSources _sources;
    private readonly Dictionary<string, ModelClass> _modelByMessage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeRef> _specialTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<ModelClass, ProtobufModelPlan> _plans = new();

    private ProtobufCatalog(ModelCatalog models, ProtoSources sources)
    {
        _models = models;
        _sources = sources;
    }

    /// <summary>Plans in the order of <see cref="ModelCatalog.Classes"/>.</summary>
    public IReadOnlyList<ProtobufModelPlan> Plans { get; private set; } = Array.Empty<ProtobufModelPlan>();

    public ProtobufModelPlan? Find(ModelClass model) => _plans.TryGetValue(model, out var plan) ? plan : null;

    /// <summary>
    /// True when the model of <paramref name="type"/> gets a codec in KubeProtobufContext: it has a
    /// proto message and is an API kind (what travels in an envelope).
    /// </summary>
    public bool HasCodec(ModelTypeRef type) => _plans.Keys.Any(m => m.Type == type && m.Kinds.Count > 0);

    /// <summary>The proto message name of a definition: io.k8s.api.core.v1.Pod → k8s.io.api.core.v1.Pod.</summary>
    public static string? MessageNameOf(string definition)
    {
        if (!definition.StartsWith("io.k8s.", StringComparison.Ordinal)) return null;
        return "k8s.io." + definition.Substring("io.k8s.".Length).Replace('-', '_');
    }

    /// <summary>The generated.proto of a definition's package: io.k8s.api.core.v1.Pod → k8s.io/api/core/v1/generated.proto.</summary>
    public static string? ImportPathOf(string definition)
    {
        if (!definition.StartsWith("io.k8s.", StringComparison.Ordinal)) return null;
        string package = definition.Substring("io.k8s.".Length, definition.LastIndexOf('.') - "io.k8s.".Length);
        return "k8s.io/" + package.Replace('.', '/') + "/generated.proto";
    }

    public static ProtobufCatalog Build(ModelCatalog models, ProtoSources sources)
    {
        var catalog = new ProtobufCatalog(models, sources);
        catalog.Index();
        catalog.PlanAll();
        return catalog;
    }

    private void Index()
    {
        foreach (var (definition, type) in SpecialDefinitions.All)
        {
            if (MessageNameOf(definition) is { } name) _specialTypes[name] = type;
        }
        foreach (var model in _models.Classes)
        {
            if (MessageNameOf(model.DefinitionName) is { } name) _modelByMessage[name] = model;
        }
    }

    private void PlanAll()
    {
        foreach (var model in _models.Classes)
        {
            if (ImportPathOf(model.DefinitionName) is { } path) _sources.Schema.TryLoad(path);
        }
        CheckSpecials();

        var plans = new List<ProtobufModelPlan>();
        var missing = new List<string>();
        foreach (var model in _models.Classes)
        {
            if (ImportPathOf(model.DefinitionName) is not { } importPath) continue;
            var file = _sources.Schema.TryLoad(importPath);
            if (file is null) continue;
            var message = _sources.Schema.FindMessage(MessageNameOf(model.DefinitionName)!);
            if (message is null)
            {
                missing.Add($"definitions.{model.DefinitionName} has no message {model.Name} in {file.DisplayPath}");
                continue;
            }
            var plan = PlanModel(model, message);
            _plans[model] = plan;
            plans.Add(plan);
        }
        if (missing.Count > 0) throw new ProtoException(string.Join("\n", missing));
        Plans = plans;
    }

    private ProtobufModelPlan PlanModel(ModelClass model, ProtoMessage message)
    {
        var go = GoStructOf(message);
        var covered = new Dictionary<ModelProperty, ProtoField>();
        var fields = PlanFields(model, message, go, covered);

        foreach (var property in model.Properties)
        {
            if (covered.ContainsKey(property)) continue;
            bool typeMeta = property.JsonName is "apiVersion" or "kind" && go.Fields.Any(f => f.Inline && f.ProtoNumber is null && f.GoType.EndsWith("TypeMeta", StringComparison.Ordinal));
            if (typeMeta) continue;
            throw new ProtoException(message.File.DisplayPath, message.Line,
                $"message {message.Name} has no field for the property \"{property.JsonName}\" of definitions.{model.DefinitionName} " +
                $"(Go struct {go.Name} at {go.Where}); a model property without a proto field would be lost over protobuf");
        }
        return new ProtobufModelPlan(model, message, go, fields);
    }

    private List<ProtobufFieldPlan> PlanFields(ModelClass model, ProtoMessage message, GoStruct go, Dictionary<ModelProperty, ProtoField> covered)
    {
        var plans = new List<ProtobufFieldPlan>();
        foreach (var field in message.Fields.OrderBy(f => f.Number))
        {
            string where = message.Where(field.Line);
            var goField = go.Fields.FirstOrDefault(f => f.ProtoNumber == field.Number)
                ?? throw new ProtoException($"{where}: field '{field.Name}' = {field.Number} of {message.Name} has no Go field with that protobuf number in struct {go.Name} ({go.Where})");
            if (goField.ProtoName is not null && goField.ProtoName != field.Name)
                throw new ProtoException($"{where}: field {field.Number} of {message.Name} is '{field.Name}', but its Go field ({go.File}:{goField.Line}) says name={goField.ProtoName}");

            if (goField.Inline)
            {
                if (field.Label is not (ProtoFieldLabel.Optional or ProtoFieldLabel.Required))
                    throw new ProtoException($"{where}: the inlined field '{field.Name}' of {message.Name} must be a single message");
                var type = _sources.Schema.Resolve(message, field);
                if (type.Message is null) throw new ProtoException($"{where}: the inlined field '{field.Name}' of {message.Name} is a scalar, not a message");
                var innerGo = GoStructOf(type.Message);
                var inner = PlanFields(model, type.Message, innerGo, covered);
                plans.Add(new ProtobufFieldPlan(field, goField, ProtobufFieldShape.Single, null, null, new ProtobufInlinePlan(type.Message, innerGo, inner)));
                continue;
            }

            if (goField.JsonName is null)
                throw new ProtoException($"{where}: field '{field.Name}' of {message.Name} has no JSON name in Go ({go.File}:{goField.Line}), so no model property can hold it");
            var property = model.Properties.FirstOrDefault(p => p.JsonName == goField.JsonName)
                ?? throw new ProtoException($"{where}: field '{field.Name}' of {message.Name} (JSON \"{goField.JsonName}\") has no property in definitions.{model.DefinitionName}");
            if (covered.TryGetValue(property, out var earlier))
                throw new ProtoException($"{where}: the property \"{property.JsonName}\" of definitions.{model.DefinitionName} would be filled by both '{earlier.Name}' and '{field.Name}'");
            covered[property] = field;

            var value = ValueOf(message, field);
            var shape = field.Label switch
            {
                ProtoFieldLabel.Map => ProtobufFieldShape.Map,
                ProtoFieldLabel.Repeated => ProtobufFieldShape.Repeated,
                _ => ProtobufFieldShape.Single,
            };
            if (shape == ProtobufFieldShape.Map && field.MapKeyType != "string")
                throw new ProtoException($"{where}: map field '{field.Name}' has {field.MapKeyType} keys; only string keys are supported");

            TypeRef expected = shape switch
            {
                ProtobufFieldShape.Map => new MapTypeRef(value.Type),
                ProtobufFieldShape.Repeated => new ListTypeRef(value.Type),
                _ => value.Type,
            };
            if (!Equals(expected, property.Type))
            {
                throw new ProtoException(
                    $"{where}: field '{field.Name}' of {message.Name} is {Describe(field, value)}, which reads as {expected.ClientCode}, " +
                    $"but the property \"{property.JsonName}\" of definitions.{model.DefinitionName} is {property.Type.ClientCode}");
            }

            // A Go named slice (Verbs) is nil-able though it is no pointer.
            bool goNullable = goField.IsPointer || goField.IsSlice || goField.IsMap || value.Kind == ProtobufValueKind.WrappedList;
            bool zeroIsNull = shape == ProtobufFieldShape.Single && value.Kind == ProtobufValueKind.Scalar && !goField.IsPointer && goField.OmitEmpty;
            plans.Add(new ProtobufFieldPlan(field, goField, shape, value, property, null) { GoNullable = goNullable, ZeroIsNull = zeroIsNull });
        }
        return plans;
    }

    private ProtobufValue ValueOf(ProtoMessage owner, ProtoField field)
    {
        var type = _sources.Schema.Resolve(owner, field);
        string where = owner.Where(field.Line);
        if (type.Message is null)
        {
            TypeRef primitive = type.Name switch
            {
                "string" => PrimitiveTypeRef.String,
                "int32" => PrimitiveTypeRef.Int32,
                "int64" => PrimitiveTypeRef.Int64,
                "bool" => PrimitiveTypeRef.Boolean,
                "double" => PrimitiveTypeRef.Double,
                "bytes" => PrimitiveTypeRef.Bytes,
                _ => throw new ProtoException($"{where}: field '{field.Name}' of {owner.Name} has the scalar type {type.Name}, which the generated readers do not support"),
            };
            return new ProtobufValue(ProtobufValueKind.Scalar, primitive, Scalar: type.Name);
        }

        var message = type.Message;
        if (Specials.TryGetValue(message.FullName, out var special))
        {
            var csharp = _specialTypes.TryGetValue(message.FullName, out var mapped)
                ? mapped
                : throw new ProtoException($"{where}: {message.FullName} has a hand-written reader but no hand-written C# type in SpecialDefinitions");
            return new ProtobufValue(special.Kind, csharp, Message: message);
        }
        if (_modelByMessage.TryGetValue(message.FullName, out var model))
            return new ProtobufValue(ProtobufValueKind.Message, model.Type, Model: model, Message: message);

        var go = _sources.GoPackageOf(message.File);
        if (go.NamedSlices.ContainsKey(message.Name))
        {
            if (message.Fields.Count != 1 || message.Fields[0] is not { Name: "items", Number: 1, Label: ProtoFieldLabel.Repeated } items)
                throw new ProtoException($"{message.Where(message.Line)}: message {message.Name} stands for a Go named slice, so it must hold exactly 'repeated T items = 1'");
            var element = ValueOf(message, items);
            return new ProtobufValue(ProtobufValueKind.WrappedList, new ListTypeRef(element.Type), Element: element, Message: message);
        }
        throw new ProtoException($"{where}: field '{field.Name}' of {owner.Name} is a {message.FullName}, which has no model (no definition of that name in the OpenAPI document) and is not a Go named slice");
    }

    private GoStruct GoStructOf(ProtoMessage message)
    {
        var package = _sources.GoPackageOf(message.File);
        return package.Structs.TryGetValue(message.Name, out var go)
            ? go
            : throw new ProtoException($"{message.Where(message.Line)}: message {message.Name} has no Go struct of that name in {package.Directory}, so its JSON names are unknown");
    }

    // The hand-written readers assume these shapes; a source tree that changes one must fail here.
    private void CheckSpecials()
    {
        foreach (var (name, special) in Specials)
        {
            var message = _sources.Schema.FindMessage(name);
            if (message is null) continue;
            string actual = string.Join(", ", message.Fields.OrderBy(f => f.Number).Select(f =>
                $"{f.Number} {f.Name} {(f.IsRepeated ? "repeated " : "")}{f.TypeName.Substring(f.TypeName.LastIndexOf('.') + 1)}"));
            if (actual != special.Fields)
                throw new ProtoException($"{message.Where(message.Line)}: message {message.Name} has the fields [{actual}], but its hand-written reader expects [{special.Fields}]");
        }
    }

    private static string Describe(ProtoField field, ProtobufValue value)
    {
        string label = field.Label switch
        {
            ProtoFieldLabel.Repeated => "repeated ",
            ProtoFieldLabel.Map => $"map<{field.MapKeyType}, ",
            _ => "",
        };
        return label + (value.Message?.FullName ?? value.Scalar) + (field.IsMap ? ">" : "");
    }
}

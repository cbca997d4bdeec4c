using System.Collections.Generic;

namespace Kube.Generator.Planning;

/// <summary>
/// Definitions that map to hand-written types or BCL types instead of a generated class, because
/// their wire form is not a plain object (int-or-string, quantities, timestamps, arbitrary JSON,
/// schema unions).
/// </summary>
public static class SpecialDefinitions
{
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private const string Apiextensions = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.";

    private static readonly Dictionary<string, TypeRef> Table = new()
    {
        ["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = new ModelTypeRef("", "IntOrString"),
        ["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new ModelTypeRef("", "Quantity"),
        [Meta + "Time"] = PrimitiveTypeRef.Time,
        [Meta + "MicroTime"] = PrimitiveTypeRef.MicroTime,
        // Arbitrary JSON, kept exactly as received.
        ["io.k8s.apimachinery.pkg.runtime.RawExtension"] = PrimitiveTypeRef.Json,
        // Half of a typical object's JSON, read by almost no one: kept as text until read.
        [Meta + "FieldsV1"] = PrimitiveTypeRef.RawJson,
        [Meta + "Patch"] = PrimitiveTypeRef.Json,
        [Apiextensions + "v1.JSON"] = PrimitiveTypeRef.Json,
        [Apiextensions + "v1beta1.JSON"] = PrimitiveTypeRef.Json,
        [Apiextensions + "v1.JSONSchemaPropsOrArray"] = new ModelTypeRef("ApiextensionsV1", "JSONSchemaPropsOrArray"),
        [Apiextensions + "v1.JSONSchemaPropsOrBool"] = new ModelTypeRef("ApiextensionsV1", "JSONSchemaPropsOrBool"),
        [Apiextensions + "v1.JSONSchemaPropsOrStringArray"] = new ModelTypeRef("ApiextensionsV1", "JSONSchemaPropsOrStringArray"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrArray"] = new ModelTypeRef("ApiextensionsV1beta1", "JSONSchemaPropsOrArray"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrBool"] = new ModelTypeRef("ApiextensionsV1beta1", "JSONSchemaPropsOrBool"),
        [Apiextensions + "v1beta1.JSONSchemaPropsOrStringArray"] = new ModelTypeRef("ApiextensionsV1beta1", "JSONSchemaPropsOrStringArray"),
    };

    /// <summary>
    /// Types the hand-written converters of the schema unions look up at run time, which therefore
    /// must be in the context even if no generated property uses them.
    /// </summary>
    public static IEnumerable<TypeRef> ConverterDependencies()
    {
        foreach (string ns in new[] { "ApiextensionsV1", "ApiextensionsV1beta1" })
        {
            var schema = new ModelTypeRef(ns, "JSONSchemaProps");
            yield return schema;
            yield return new ListTypeRef(schema);
        }
        yield return new ListTypeRef(PrimitiveTypeRef.String);
    }

    /// <summary>
    /// Maps of strings that are often large and rarely read, kept as UTF-8 until read (definition,
    /// JSON property name): a ConfigMap's data holds whole files, and an informer caches every one.
    /// </summary>
    private static readonly HashSet<(string Definition, string Property)> KeptAsUtf8 = new()
    {
        ("io.k8s.api.core.v1.ConfigMap", "data"),
    };

    public static bool IsKeptAsUtf8(string definition, string property) => KeptAsUtf8.Contains((definition, property));

    public static bool TryGet(string definition, out TypeRef type) => Table.TryGetValue(definition, out type!);

    public static IEnumerable<KeyValuePair<string, TypeRef>> All => Table;
}

using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Kube.Client.Schema;

namespace Kube.Client.Models;

/// <summary>
/// Converts between generated models and <see cref="Unstructured"/> objects, both ways, through the
/// source-generated <see cref="KubeJsonContext"/> (client-go's runtime.DefaultUnstructuredConverter).
/// </summary>
/// <remarks>
/// <para>Nothing is lost either way: fields a model does not know travel in its ExtensionData, so
/// unstructured → typed → unstructured gives back the same fields and values. What may change is
/// member order (models write theirs) and members set to JSON null, which models leave out.</para>
/// <para>A typed model converted to unstructured always carries apiVersion and kind: when the model
/// has them unset, they come from <see cref="ModelRegistry"/>.</para>
/// </remarks>
public static class UnstructuredConverter
{
    /// <summary>The JSON tree of a generated model (any type of <see cref="KubeJsonContext"/>, lists included).</summary>
    /// <exception cref="ArgumentException">The type is not one of the generated models.</exception>
    public static Unstructured ToUnstructured(object typed)
    {
        if (typed is null) throw new ArgumentNullException(nameof(typed));
        if (typed is Unstructured u) return u.DeepCopy();
        if (typed is UnstructuredList l) return l.ToUnstructured();

        var type = typed.GetType();
        var typeInfo = TypeInfoFor(type, nameof(typed));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(typed, typeInfo);
        var result = Unstructured.Parse(json);
        if (ModelRegistry.TryGetKind(type, out var kind)) FillTypeMeta(result.Content, kind);
        return result;
    }

    /// <summary>An <see cref="UnstructuredList"/> from a generated list model such as PodList; items get their apiVersion and kind.</summary>
    public static UnstructuredList ToUnstructuredList(IKubeList typedList)
    {
        if (typedList is null) throw new ArgumentNullException(nameof(typedList));
        if (typedList is UnstructuredList l) return l.DeepCopy();
        return UnstructuredList.FromUnstructured(ToUnstructured(typedList));
    }

    /// <summary>
    /// The generated model <typeparamref name="T"/> read from <paramref name="obj"/>. When the object
    /// names an apiVersion and kind, they must be those of <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a generated model, or the object is of another kind.</exception>
    /// <exception cref="JsonException">A field of the object does not fit the model (a string where a number belongs...).</exception>
    public static T FromUnstructured<T>(Unstructured obj) where T : class
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        var typeInfo = (JsonTypeInfo<T>)TypeInfoFor(typeof(T), nameof(T));
        if (ModelRegistry.TryGetKind(typeof(T), out var expected) && obj.TryGetGroupVersionKind(out var actual) && actual != expected)
            throw new ArgumentException($"The {obj.Describe()} is {actual}; it cannot become a {typeof(T).FullName} ({expected}).", nameof(obj));
        return Deserialize(obj.Utf8Json(), typeInfo, obj.Describe(), typeof(T));
    }

    /// <summary>
    /// The generated model of the object's apiVersion and kind, or null when <see cref="ModelRegistry"/>
    /// knows no model for them (custom resources, kinds newer than the models).
    /// </summary>
    /// <exception cref="FormatException">The object has no apiVersion or kind, or a malformed apiVersion.</exception>
    /// <exception cref="JsonException">A field of the object does not fit the model.</exception>
    public static object? FromUnstructured(Unstructured obj)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        var kind = obj.GetGroupVersionKind();
        if (!ModelRegistry.TryGet(kind, out var registration)) return null;
        return DeserializeObject(obj.Utf8Json(), registration.TypeInfo, obj.Describe(), registration.Type);
    }

    /// <summary>Like <see cref="FromUnstructured(Unstructured)"/>, false instead of null.</summary>
    public static bool TryFromUnstructured(Unstructured obj, [NotNullWhen(true)] out object? typed)
    {
        typed = FromUnstructured(obj);
        return typed is not null;
    }

    /// <summary>The generated list model <typeparamref name="TList"/> (PodList...) read from <paramref name="list"/>.</summary>
    public static TList FromUnstructuredList<TList>(UnstructuredList list) where TList : class, IKubeList
    {
        if (list is null) throw new ArgumentNullException(nameof(list));
        var typeInfo = (JsonTypeInfo<TList>)TypeInfoFor(typeof(TList), nameof(TList));
        return Deserialize(list.ToUtf8Bytes(), typeInfo, list.ToString(), typeof(TList));
    }

    private static JsonTypeInfo TypeInfoFor(Type type, string parameter)
    {
        JsonTypeInfo? info;
        try
        {
            info = KubeJsonContext.Default.GetTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            info = null;
        }
        return info ?? throw new ArgumentException($"{type.FullName} is not a generated model (it is not in {nameof(KubeJsonContext)}), so it has no typed form.", parameter);
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> json, JsonTypeInfo<T> typeInfo, string what, Type type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, typeInfo) ?? throw new JsonException("the object is null");
        }
        catch (JsonException e)
        {
            throw Failed(e, what, type);
        }
    }

    private static object DeserializeObject(ReadOnlyMemory<byte> json, JsonTypeInfo typeInfo, string what, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, typeInfo) ?? throw new JsonException("the object is null");
        }
        catch (JsonException e)
        {
            throw Failed(e, what, type);
        }
    }

    private static JsonException Failed(JsonException e, string what, Type type) =>
        new($"The {what} does not fit {type.FullName}: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);

    /// <summary>Sets apiVersion and kind where the model left them unset, first in member order as the server writes them.</summary>
    private static void FillTypeMeta(JsonObject content, GroupVersionKind kind)
    {
        bool hasApiVersion = content.TryGetPropertyValue("apiVersion", out var v) && v is not null;
        bool hasKind = content.TryGetPropertyValue("kind", out var k) && k is not null;
        if (hasApiVersion && hasKind) return;

        var rest = new System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, JsonNode?>>(content);
        content.Clear();
        content["apiVersion"] = hasApiVersion ? v!.DeepClone() : kind.ApiVersion;
        content["kind"] = hasKind ? k!.DeepClone() : kind.Kind;
        foreach (var property in rest)
        {
            if (property.Key is "apiVersion" or "kind") continue;
            content[property.Key] = property.Value;
        }
    }
}

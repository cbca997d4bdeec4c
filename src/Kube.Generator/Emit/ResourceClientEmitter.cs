using System.Collections.Generic;
using System.Text.RegularExpressions;
using Kube.Generator.Naming;
using Kube.Generator.Planning;
using Kube.Generator.Planning.Protobuf;

namespace Kube.Generator.Emit;

/// <summary>
/// Writes one typed resource client (PodsClient): a thin shell over ResourceClient&lt;T, TList&gt;
/// with one forwarding method per verb and subresource operation the API supports.
/// </summary>
public static class ResourceClientEmitter
{
    private const string Ct = "CancellationToken cancellationToken = default";
    private static readonly Regex MethodName = new(@"(\w+Async)\(", RegexOptions.CultureInvariant);

    public static string PathOf(ApiResource resource) =>
        $"Typed/Generated/{resource.GroupVersion.ClientPrefix}/{resource.ClientName}.cs";

    /// <param name="protobuf">Which models have a protobuf codec; null when the generator runs without proto files.</param>
    public static string Emit(ApiResource resource, ProtobufCatalog? protobuf = null)
    {
        var model = resource.Model.Type;
        string t = model.ClientCode;
        string tList = resource.List is { } list ? list.Type.ClientCode : $"NoList<{t}>";
        string listInfo = resource.List is { } l ? l.Type.InfoName : JsonContextEmitter.NoListInfoName(model);
        string generic = $"ResourceClient<{t}, {tList}>";
        var gv = resource.GroupVersion;

        var usings = new List<string> { "System.Threading", "System.Threading.Tasks", "Kube.Client.Models", "Kube.Client.Models.MetaV1", "Kube.Client.Rest", "Kube.Client.Schema" };
        if (resource.Namespaced) usings.Add("System");
        if (resource.Verbs.Contains("watch")) usings.Add("System.Collections.Generic");

        var w = new CodeWriter();
        w.Header(usings.ToArray());
        w.Line($"namespace Kube.Client.Typed.{gv.ClientPrefix};");
        w.Line();
        w.Line($"/// <summary>{Describe(resource)}</summary>");
        w.Open($"public sealed partial class {resource.ClientName}");

        w.Line($"public static ResourceDescriptor<{t}, {tList}> Descriptor {{ get; }} = new(");
        w.Indent();
        w.Line($"new GroupVersionResource({Identifiers.Literal(gv.Group)}, {Identifiers.Literal(gv.Version)}, {Identifiers.Literal(resource.Plural)}),");
        w.Line($"{Identifiers.Literal(resource.Model.SingleKind!.Kind)},");
        w.Line($"namespaced: {(resource.Namespaced ? "true" : "false")},");
        w.Line($"KubeJsonContext.Default.{model.InfoName},");
        bool modelCodec = protobuf?.HasCodec(model) == true;
        if (modelCodec)
        {
            w.Line($"KubeJsonContext.Default.{listInfo},");
            w.Line($"KubeProtobufContext.{model.InfoName},");
            w.Line(resource.List is { } withList && protobuf!.HasCodec(withList.Type) ? $"KubeProtobufContext.{withList.Type.InfoName});" : "null);");
        }
        else
        {
            w.Line($"KubeJsonContext.Default.{listInfo});");
        }
        w.Outdent();
        w.Line();

        if (resource.Namespaced)
        {
            w.Line("/// <param name=\"namespace\">The namespace; empty for list and watch across all namespaces.</param>");
            w.Open($"public {resource.ClientName}(RestClient rest, string @namespace)");
            w.Line($"Generic = new {generic}(rest, Descriptor, @namespace ?? throw new ArgumentNullException(nameof(@namespace)));");
        }
        else
        {
            w.Open($"public {resource.ClientName}(RestClient rest)");
            w.Line($"Generic = new {generic}(rest, Descriptor, null);");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>The generic client underneath, for code written once for every resource.</summary>");
        w.Line($"public {generic} Generic {{ get; }}");

        void Method(string signature, string call)
        {
            w.Line();
            w.Line($"public {signature} =>");
            w.Indent();
            w.Line(call + ";");
            w.Outdent();
        }

        var verbs = resource.Verbs;
        if (verbs.Contains("list"))
        {
            Method($"Task<{tList}> ListAsync(ListOptions? options = null, {Ct})", "Generic.ListAsync(options, cancellationToken)");
            Method($"ListStream<{t}> ListItemsAsync(ListOptions? options = null, {Ct})", "Generic.ListItemsAsync(options, cancellationToken)");
        }
        if (verbs.Contains("watch"))
            Method($"IAsyncEnumerable<WatchEvent<{t}>> WatchAsync(ListOptions? options = null, {Ct})", "Generic.WatchAsync(options, cancellationToken)");
        if (verbs.Contains("get"))
            Method($"Task<{t}> GetAsync(string name, GetOptions? options = null, {Ct})", "Generic.GetAsync(name, options, cancellationToken)");
        if (verbs.Contains("create"))
            Method($"Task<{t}> CreateAsync({t} obj, CreateOptions? options = null, {Ct})", "Generic.CreateAsync(obj, options, cancellationToken)");
        if (verbs.Contains("update"))
            Method($"Task<{t}> UpdateAsync({t} obj, UpdateOptions? options = null, {Ct})", "Generic.UpdateAsync(obj, options, cancellationToken)");
        if (verbs.Contains("patch"))
        {
            Method($"Task<{t}> PatchAsync(string name, PatchType type, string patch, PatchOptions? options = null, {Ct})", "Generic.PatchAsync(name, type, patch, options, null, cancellationToken)");
            // Server-side apply is a patch of its own content type.
            Method($"Task<{t}> ApplyAsync({t} obj, ApplyOptions options, {Ct})", "Generic.ApplyAsync(obj, options, null, cancellationToken)");
        }
        if (verbs.Contains("delete"))
            Method($"Task DeleteAsync(string name, DeleteOptions? options = null, {Ct})", "Generic.DeleteAsync(name, options, cancellationToken)");
        if (verbs.Contains("deletecollection"))
            Method($"Task DeleteCollectionAsync(DeleteOptions? options = null, ListOptions? listOptions = null, {Ct})", "Generic.DeleteCollectionAsync(options, listOptions, cancellationToken)");

        foreach (var sub in resource.Subresources.Values)
            EmitSubresource(sub, model, protobuf, Method);

        w.Close();
        return w.ToString();
    }

    /// <summary>The generated method names of a resource's subresources, for the list of what was generated.</summary>
    public static IEnumerable<string> SubresourceMethods(ApiResource resource)
    {
        var names = new List<string>();
        foreach (var sub in resource.Subresources.Values)
            EmitSubresource(sub, resource.Model.Type, null, (signature, _) => names.Add(MethodName.Match(signature).Groups[1].Value));
        return names;
    }

    private static void EmitSubresource(ApiSubresource sub, ModelTypeRef model, ProtobufCatalog? protobuf, System.Action<string, string> method)
    {
        string t = model.ClientCode;
        string name = Identifiers.ToPascalCase(sub.Name);
        string literal = Identifiers.Literal(sub.Name);
        string Info(ModelTypeRef type) => "KubeJsonContext.Default." + type.InfoName;
        string Codec(ModelTypeRef type) => protobuf?.HasCodec(type) == true ? "KubeProtobufContext." + type.InfoName : "null";

        // The token is passed by name so optional parameters the core may add before it do not break these calls.
        if (sub.GetResult is { } getResult)
        {
            method($"Task<{getResult.ClientCode}> Get{name}Async(string name, {Ct})",
                $"Generic.GetSubresourceAsync(name, {literal}, {Info(getResult)}, {Codec(getResult)}, cancellationToken: cancellationToken)");
        }

        if (sub.UpdateBody is { } body)
        {
            if (sub.Name == "status" && body == model)
            {
                method($"Task<{t}> UpdateStatusAsync({t} obj, UpdateOptions? options = null, {Ct})",
                    "Generic.UpdateStatusAsync(obj, options, cancellationToken)");
            }
            else
            {
                method($"Task<{body.ClientCode}> Update{name}Async(string name, {body.ClientCode} body, UpdateOptions? options = null, {Ct})",
                    $"Generic.UpdateSubresourceAsync(name, {literal}, body, {Info(body)}, options, {Codec(body)}, cancellationToken: cancellationToken)");
            }
        }

        if (sub.PatchResult is not null)
        {
            method($"Task<{t}> Patch{name}Async(string name, PatchType type, string patch, PatchOptions? options = null, {Ct})",
                $"Generic.PatchAsync(name, type, patch, options, {literal}, cancellationToken)");
            // Applying a subresource sends the whole object: only the status takes the model itself.
            if (sub.Name == "status" && sub.PatchResult == model)
                method($"Task<{t}> ApplyStatusAsync({t} obj, ApplyOptions options, {Ct})", "Generic.ApplyAsync(obj, options, \"status\", cancellationToken)");
        }

        if (sub.CreateBody is { } createBody && sub.CreateResult is { } createResult)
        {
            method($"Task<{createResult.ClientCode}> Create{name}Async(string name, {createBody.ClientCode} body, CreateOptions? options = null, {Ct})",
                $"Generic.CreateSubresourceAsync(name, {literal}, body, {Info(createBody)}, {Info(createResult)}, options, {Codec(createBody)}, {Codec(createResult)}, cancellationToken: cancellationToken)");
        }
    }

    private static string Describe(ApiResource resource)
    {
        var gv = resource.GroupVersion;
        string apiVersion = gv.Group.Length == 0 ? gv.Version : gv.Group + "/" + gv.Version;
        return $"Typed client of {resource.Plural} ({apiVersion}, {(resource.Namespaced ? "namespaced" : "cluster-scoped")}).";
    }
}

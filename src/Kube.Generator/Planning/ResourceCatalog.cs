using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Spec;

namespace Kube.Generator.Planning;

/// <summary>
/// Reads the paths of the document into group versions, resources, verbs and subresources: what the
/// typed clients expose. A namespaced resource is one served under /namespaces/{namespace}/; its
/// all-namespaces list and watch paths are the same verbs called with an empty namespace.
/// </summary>
public sealed class ResourceCatalog
{
    private const string StatusDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

    // These subresources answer a successful POST with a metav1.Status, not with the kind the
    // document names (the API server's binding and eviction storage both do so).
    private static readonly HashSet<(string Group, string Plural, string Subresource)> AnswersWithStatus = new()
    {
        ("", "pods", "binding"),
        ("", "pods", "eviction"),
    };

    private static readonly Dictionary<string, string> VerbOfAction = new(StringComparer.Ordinal)
    {
        ["list"] = "list",
        ["watchlist"] = "watch",
        ["get"] = "get",
        ["post"] = "create",
        ["put"] = "update",
        ["patch"] = "patch",
        ["delete"] = "delete",
        ["deletecollection"] = "deletecollection",
    };

    private readonly SortedSet<string> _skipped = new(StringComparer.Ordinal);

    private ResourceCatalog()
    {
    }

    /// <summary>Group versions with at least one resource, ordered by client name.</summary>
    public IReadOnlyList<ApiGroupVersion> GroupVersions { get; private set; } = Array.Empty<ApiGroupVersion>();

    /// <summary>Endpoints without a typed method, each with the reason ("v1 pods/exec: connect (streaming)").</summary>
    public IReadOnlyCollection<string> Skipped => _skipped;

    public static ResourceCatalog Build(ApiSpec spec, ModelCatalog models)
    {
        var catalog = new ResourceCatalog();
        catalog.Plan(spec, models);
        return catalog;
    }

    private void Plan(ApiSpec spec, ModelCatalog models)
    {
        var byResource = new Dictionary<(string Group, string Version, string Plural), List<(ResourcePath Path, ApiOperation Operation)>>();
        foreach (var operation in spec.Operations)
        {
            if (operation.Action is null || !ResourcePath.TryParse(operation.Path, out var path)) continue;
            var key = (path.Group, path.Version, path.Plural);
            if (!byResource.TryGetValue(key, out var operations)) byResource[key] = operations = new();
            operations.Add((path, operation));
        }

        var groupVersions = new Dictionary<(string, string), ApiGroupVersion>();
        var ordered = byResource
            .OrderBy(r => r.Key.Group, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Version, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Plural, StringComparer.Ordinal);
        foreach (var ((group, version, plural), allOperations) in ordered)
        {
            string label = (group.Length == 0 ? version : group + "/" + version) + " " + plural;
            bool namespaced = allOperations.Any(o => o.Path.Namespaced);
            var operations = allOperations.Where(o => o.Path.Namespaced == namespaced).ToList();
            var main = operations.Where(o => o.Path.Subresource is null).ToList();

            var kinds = main.Select(o => o.Operation.Kind).Where(k => k is not null).Distinct().ToList();
            if (kinds.Count != 1)
            {
                _skipped.Add($"{label}: {(kinds.Count == 0 ? "no operation names a kind" : "operations name different kinds")}");
                continue;
            }
            var model = models.FindByKind(kinds[0]!);
            if (model is null || !model.IsResource)
            {
                _skipped.Add($"{label}: kind {kinds[0]} has no model with ObjectMeta metadata");
                continue;
            }

            ModelClass? list = null;
            var listOperation = main.FirstOrDefault(o => o.Operation.Action == "list").Operation;
            if (listOperation is not null)
            {
                list = listOperation.Response?.Reference is { } listRef ? models.FindClass(listRef) : null;
                if (list is null || list.ListItem != model)
                    throw new SpecException($"paths.{listOperation.Path}: the list answer is not a list of {model.Type.FullName}.");
            }

            if (!groupVersions.TryGetValue((group, version), out var groupVersion))
                groupVersions[(group, version)] = groupVersion = new ApiGroupVersion(group, version, ClientPrefix(group, version));

            var resource = new ApiResource(groupVersion, plural, namespaced, model, list, PascalPlural(plural, model.SingleKind!.Kind));
            foreach (var (_, operation) in main)
            {
                if (VerbOfAction.TryGetValue(operation.Action!, out string? verb)) resource.Verbs.Add(verb);
            }
            if (resource.Verbs.Contains("watch") && list is null)
                throw new SpecException($"{label}: a watch without a list kind.");

            foreach (var (path, operation) in operations.Where(o => o.Path.Subresource is not null))
                AddSubresource(resource, path.Subresource!, operation, models, label);

            if (groupVersion.Resources.Values.Any(r => r.PascalPlural == resource.PascalPlural))
                throw new SpecException($"{label}: two resources of {groupVersion.ClientPrefix} would both be called {resource.PascalPlural}.");
            groupVersion.Resources[plural] = resource;
        }

        var prefixes = groupVersions.Values.GroupBy(g => g.ClientPrefix).FirstOrDefault(g => g.Count() > 1);
        if (prefixes is not null)
            throw new SpecException($"The groups {string.Join(", ", prefixes.Select(g => "'" + g.Group + "'"))} would share the client name {prefixes.Key}.");
        GroupVersions = groupVersions.Values.OrderBy(g => g.ClientPrefix, StringComparer.Ordinal).ToList();
    }

    private void AddSubresource(ApiResource resource, string name, ApiOperation operation, ModelCatalog models, string label)
    {
        string where = $"{label}/{name} {operation.Method.ToUpperInvariant()}";
        if (operation.Action == "connect")
        {
            _skipped.Add($"{label}/{name}: connect (streaming or proxied, not a JSON object endpoint)");
            return;
        }
        if (name.Contains('/') || name.Contains('{'))
        {
            _skipped.Add($"{label}/{name}: a path below the subresource");
            return;
        }

        ModelTypeRef? Model(SchemaNode? schema) =>
            schema?.Reference is { } reference && models.Resolve(reference) is ModelTypeRef type && models.FindClass(type) is not null ? type : null;

        var result = Model(operation.Response);
        if (result is null)
        {
            _skipped.Add($"{label}/{name}: {operation.Method.ToUpperInvariant()} answers with {operation.Response?.Type ?? "no schema"}, not a JSON object");
            return;
        }

        if (!resource.Subresources.TryGetValue(name, out var subresource))
            resource.Subresources[name] = subresource = new ApiSubresource(name);
        switch (operation.Method)
        {
            case "get":
                subresource.GetResult = result;
                break;
            case "put":
                subresource.UpdateBody = Model(operation.Body) ?? throw new SpecException($"{where}: the body is not a model.");
                if (subresource.UpdateBody != result) throw new SpecException($"{where}: the body and the answer differ in kind.");
                break;
            case "patch":
                // The generic patch decodes the answer as the resource's own kind.
                if (result == resource.Model.Type) subresource.PatchResult = result;
                else _skipped.Add($"{label}/{name}: PATCH answers with {result.Name}, the generic patch only with {resource.Model.Name}");
                break;
            case "post":
                subresource.CreateBody = Model(operation.Body) ?? throw new SpecException($"{where}: the body is not a model.");
                subresource.CreateResult = AnswersWithStatus.Contains((resource.GroupVersion.Group, resource.Plural, name))
                    ? (ModelTypeRef)models.Resolve(StatusDefinition)
                    : result;
                break;
            default:
                _skipped.Add($"{label}/{name}: {operation.Method.ToUpperInvariant()}");
                break;
        }
    }

    /// <summary>client-go's group client names: the first label of the group ("Core" for the core group) and the version.</summary>
    public static string ClientPrefix(string group, string version)
    {
        string label = group.Length == 0 ? "core" : group.Split('.')[0];
        return Identifiers.ToPascalCase(label.ToLowerInvariant()) + Identifiers.Capitalize(version);
    }

    /// <summary>
    /// The resource name cased like its kind: "configmaps" of ConfigMap → ConfigMaps,
    /// "networkpolicies" of NetworkPolicy → NetworkPolicies, "endpoints" of Endpoints → Endpoints.
    /// </summary>
    public static string PascalPlural(string plural, string kind)
    {
        var candidates = new List<string> { kind, kind + "s", kind + "es" };
        if (kind.EndsWith("y", StringComparison.Ordinal)) candidates.Add(kind.Substring(0, kind.Length - 1) + "ies");
        foreach (string candidate in candidates)
        {
            if (string.Equals(candidate, plural, StringComparison.OrdinalIgnoreCase)) return candidate;
        }
        return Identifiers.ToPascalCase(plural);
    }
}

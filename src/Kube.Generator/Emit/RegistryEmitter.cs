using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Generator.Naming;
using Kube.Generator.Planning;
using Kube.Generator.Spec;

namespace Kube.Generator.Emit;

/// <summary>Writes the table behind ModelRegistry: every kind of every model, with its list model.</summary>
public static class RegistryEmitter
{
    public const string Path = "Models/Generated/ModelRegistry.cs";

    public static string Emit(ModelCatalog models)
    {
        var entries = new List<(GroupVersionKindRef Kind, ModelClass Model)>();
        foreach (var model in models.Classes)
        {
            foreach (var kind in model.Kinds) entries.Add((kind, model));
        }
        entries = entries
            .OrderBy(e => e.Kind.Group, StringComparer.Ordinal)
            .ThenBy(e => e.Kind.Version, StringComparer.Ordinal)
            .ThenBy(e => e.Kind.Kind, StringComparer.Ordinal)
            .ToList();
        var duplicate = entries.GroupBy(e => e.Kind).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new SpecException($"The kind {duplicate.Key} is claimed by {string.Join(" and ", duplicate.Select(d => d.Model.DefinitionName))}.");

        var w = new CodeWriter();
        w.Header("Kube.Client.Schema");
        w.Line("namespace Kube.Client.Models;");
        w.Line();
        w.Open("public static partial class ModelRegistry");
        w.Open("private static partial ModelRegistration[] CreateRegistrations() => new ModelRegistration[]");
        foreach (var (kind, model) in entries)
        {
            string gvk = $"new GroupVersionKind({Identifiers.Literal(kind.Group)}, {Identifiers.Literal(kind.Version)}, {Identifiers.Literal(kind.Kind)})";
            string list = model.ListClass is { } listClass ? $", typeof({listClass.Type.Code("")})" : "";
            w.Line($"new({gvk}, typeof({model.Type.Code("")}){list}),");
        }
        w.Close(";");
        w.Close();
        return w.ToString();
    }
}

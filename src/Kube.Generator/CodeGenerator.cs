using System;
using System.Collections.Generic;
using Kube.Generator.Emit;
using Kube.Generator.Planning;
using Kube.Generator.Spec;

namespace Kube.Generator;

/// <summary>From an OpenAPI document to the generated files of Kube.Client, keyed by path relative to the project.</summary>
public static class CodeGenerator
{
    /// <summary>The folders the generator owns: everything in them is its output, and nothing outside.</summary>
    public static readonly IReadOnlyList<string> OwnedFolders = new[] { "Models/Generated", "Typed/Generated" };

    public static SortedDictionary<string, string> Generate(ApiSpec spec)
    {
        var models = ModelCatalog.Build(spec);
        var resources = ResourceCatalog.Build(spec, models);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        void Add(string path, string content)
        {
            if (!files.TryAdd(path, content)) throw new SpecException($"Two generated files would both be {path}.");
        }

        foreach (var model in models.Classes) Add(ModelEmitter.PathOf(model), ModelEmitter.Emit(model));
        Add(JsonContextEmitter.Path, JsonContextEmitter.Emit(models.SerializableTypes(), JsonContextEmitter.ListlessResources(resources)));
        Add(RegistryEmitter.Path, RegistryEmitter.Emit(models));

        foreach (var groupVersion in resources.GroupVersions)
        {
            Add(GroupClientEmitter.PathOf(groupVersion), GroupClientEmitter.Emit(groupVersion));
            foreach (var resource in groupVersion.Resources.Values)
                Add(ResourceClientEmitter.PathOf(resource), ResourceClientEmitter.Emit(resource));
        }
        Add(ClientsetEmitter.Path, ClientsetEmitter.Emit(resources.GroupVersions));
        Add(SurfaceReportEmitter.Path, SurfaceReportEmitter.Emit(resources));
        return files;
    }
}

using System;
using System.Collections.Generic;
using Kube.Generator.Emit;
using Kube.Generator.Planning;
using Kube.Generator.Planning.Protobuf;
using Kube.Generator.Proto;
using Kube.Generator.Spec;

namespace Kube.Generator;

/// <summary>From an OpenAPI document to the generated files of Kube.Client, keyed by path relative to the project.</summary>
public static class CodeGenerator
{
    /// <summary>The folders the generator owns: everything in them is its output, and nothing outside.</summary>
    public static readonly IReadOnlyList<string> OwnedFolders = new[] { "Models/Generated", "Typed/Generated" };

    /// <param name="proto">
    /// The generated.proto files and Go sources of the same API; without them no protobuf readers are
    /// generated and the typed clients speak JSON only.
    /// </param>
    public static SortedDictionary<string, string> Generate(ApiSpec spec, ProtoSources? proto = null)
    {
        var models = ModelCatalog.Build(spec);
        var protobuf = proto is null ? null : ProtobufCatalog.Build(models, proto);
        var resources = ResourceCatalog.Build(spec, models);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        void Add(string path, string content)
        {
            if (!files.TryAdd(path, content)) throw new SpecException($"Two generated files would both be {path}.");
        }

        foreach (var model in models.Classes) Add(ModelEmitter.PathOf(model), ModelEmitter.Emit(model));
        Add(JsonContextEmitter.Path, JsonContextEmitter.Emit(models.SerializableTypes(), JsonContextEmitter.ListlessResources(resources)));
        Add(RegistryEmitter.Path, RegistryEmitter.Emit(models));
        if (protobuf is not null)
        {
            foreach (var plan in protobuf.Plans) Add(ProtobufModelEmitter.PathOf(plan.Model), ProtobufModelEmitter.Emit(plan));
            Add(ProtobufContextEmitter.Path, ProtobufContextEmitter.Emit(protobuf));
        }

        foreach (var groupVersion in resources.GroupVersions)
        {
            Add(GroupClientEmitter.PathOf(groupVersion), GroupClientEmitter.Emit(groupVersion));
            foreach (var resource in groupVersion.Resources.Values)
                Add(ResourceClientEmitter.PathOf(resource), ResourceClientEmitter.Emit(resource, protobuf));
        }
        Add(ClientsetEmitter.Path, ClientsetEmitter.Emit(resources.GroupVersions));
        Add(SurfaceReportEmitter.Path, SurfaceReportEmitter.Emit(resources));
        return files;
    }
}

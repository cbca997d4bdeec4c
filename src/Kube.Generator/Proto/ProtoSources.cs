using System;
using System.Collections.Generic;
using System.IO;

namespace Kube.Generator.Proto;

/// <summary>
/// Where the protobuf side of the API comes from: the generated.proto files under an import root
/// (a Kubernetes source tree's staging/src) and the Go sources beside each of them.
/// </summary>
public sealed class ProtoSources
{
    private readonly Func<string, GoPackage> _scanGo;
    private readonly Dictionary<string, GoPackage> _go = new(StringComparer.Ordinal);

    /// <param name="schema">The proto files, loaded on demand by import path.</param>
    /// <param name="scanGo">The Go package of a directory given relative to the import root ("k8s.io/api/core/v1").</param>
    public ProtoSources(ProtoSchema schema, Func<string, GoPackage> scanGo)
    {
        Schema = schema;
        _scanGo = scanGo;
    }

    public ProtoSchema Schema { get; }

    public static ProtoSources FromDirectory(string root) =>
        new(ProtoSchema.FromDirectory(root), directory => GoPackage.Scan(Path.Combine(root, directory.Replace('/', Path.DirectorySeparatorChar))));

    /// <summary>The Go package of the directory holding <paramref name="file"/>.</summary>
    public GoPackage GoPackageOf(ProtoFile file)
    {
        int slash = file.ImportPath.LastIndexOf('/');
        string directory = slash < 0 ? "" : file.ImportPath.Substring(0, slash);
        if (!_go.TryGetValue(directory, out var package))
        {
            package = _scanGo(directory);
            _go[directory] = package;
        }
        return package;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kube.Generator.Proto;

/// <summary>
/// A set of parsed .proto files loaded from an import root (a source tree's staging/src), each file
/// with the files it imports, and the resolution of the type names their fields use.
/// </summary>
public sealed class ProtoSchema
{
    /// <summary>The scalar types of proto2.</summary>
    public static readonly IReadOnlyCollection<string> Scalars = new HashSet<string>(StringComparer.Ordinal)
    {
        "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
        "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
    };

    private readonly Func<string, string?> _readFile;
    private readonly Dictionary<string, ProtoFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProtoMessage> _messages = new(StringComparer.Ordinal);

    /// <param name="readFile">Gives the text of a file by import path, or null when there is none.</param>
    public ProtoSchema(Func<string, string?> readFile, Func<string, string>? displayPath = null)
    {
        _readFile = readFile;
        DisplayPath = displayPath ?? (p => p);
    }

    public Func<string, string> DisplayPath { get; }

    public IEnumerable<ProtoFile> Files => _files.Values.OrderBy(f => f.ImportPath, StringComparer.Ordinal);

    /// <summary>A schema over the files under <paramref name="root"/> (imports are paths relative to it).</summary>
    public static ProtoSchema FromDirectory(string root)
    {
        if (!Directory.Exists(root)) throw new ProtoException($"The proto import root '{root}' does not exist.");
        return new ProtoSchema(
            importPath =>
            {
                string full = Path.Combine(root, importPath.Replace('/', Path.DirectorySeparatorChar));
                return File.Exists(full) ? File.ReadAllText(full) : null;
            },
            importPath => Path.Combine(root, importPath.Replace('/', Path.DirectorySeparatorChar)));
    }

    /// <summary>Loads a file and, transitively, what it imports; null when the file does not exist.</summary>
    public ProtoFile? TryLoad(string importPath)
    {
        if (_files.TryGetValue(importPath, out var loaded)) return loaded;
        string? text = _readFile(importPath);
        if (text is null) return null;
        var file = ProtoParser.Parse(text, importPath, DisplayPath(importPath));
        _files[importPath] = file;
        foreach (var message in file.Messages)
        {
            if (_messages.TryGetValue(message.FullName, out var other))
                throw new ProtoException(file.DisplayPath, message.Line, $"message {message.FullName} is also defined in {other.File.DisplayPath}:{other.Line}");
            _messages[message.FullName] = message;
        }
        foreach (string import in file.Imports)
        {
            if (TryLoad(import) is null)
                throw new ProtoException(file.DisplayPath, 1, $"the import \"{import}\" was not found under the proto import root");
        }
        return file;
    }

    public ProtoMessage? FindMessage(string fullName) => _messages.TryGetValue(fullName, out var m) ? m : null;

    /// <summary>
    /// Resolves the type of <paramref name="field"/> (the value type, for a map): a scalar keeps its
    /// name, a message name is looked up the protobuf way, from the innermost package scope outwards,
    /// among the declaring file and the files it imports.
    /// </summary>
    public ProtoTypeRef Resolve(ProtoMessage owner, ProtoField field)
    {
        string name = field.TypeName;
        if (Scalars.Contains(name)) return new ProtoTypeRef(name, null);

        var candidates = new List<string>();
        if (name.StartsWith('.'))
        {
            candidates.Add(name.Substring(1));
        }
        else
        {
            // Inside message M of package a.b: a.b.M.T (nested, which these files never have), a.b.T, a.T, T.
            string scope = owner.File.Package;
            while (true)
            {
                candidates.Add(scope.Length == 0 ? name : scope + "." + name);
                if (scope.Length == 0) break;
                int dot = scope.LastIndexOf('.');
                scope = dot < 0 ? "" : scope.Substring(0, dot);
            }
        }

        foreach (string candidate in candidates)
        {
            if (!_messages.TryGetValue(candidate, out var message)) continue;
            if (message.File != owner.File && !owner.File.Imports.Contains(message.File.ImportPath))
                throw new ProtoException(owner.File.DisplayPath, field.Line,
                    $"field '{field.Name}' of {owner.Name} uses {message.FullName}, but the file does not import {message.File.ImportPath}");
            return new ProtoTypeRef(message.FullName, message);
        }
        throw new ProtoException(owner.File.DisplayPath, field.Line,
            $"field '{field.Name}' of {owner.Name} has the type '{name}', which is neither a scalar nor a message of this file or its imports");
    }
}

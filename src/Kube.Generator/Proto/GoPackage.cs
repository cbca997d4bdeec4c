using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kube.Generator.Proto;

/// <summary>
/// The Go declarations of one API package that the proto readers need beside generated.proto:
/// struct fields with their JSON tags and pointer-ness, and named slice types (type Verbs []string),
/// which go-to-protobuf turns into a message of one repeated field "items". Scanned line by line
/// from the package's hand-written sources (gofmt keeps one field per line); generated files are skipped.
/// </summary>
public sealed class GoPackage
{
    private static readonly Regex StructStart = new(@"^type\s+(\w+)\s+struct\s*\{\s*(//.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex EmptyStruct = new(@"^type\s+(\w+)\s+struct\s*\{\s*\}\s*(//.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex NamedSlice = new(@"^type\s+(\w+)\s+\[\]([\w\.\*]+)\s*(//.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex FieldLine = new(@"^(?:(?<name>[A-Za-z_]\w*)\s+)?(?<type>[^\s`]+)(?:\s+`(?<tag>[^`]*)`)?\s*(?://.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex TagPair = new(@"(\w+):""([^""]*)""", RegexOptions.CultureInvariant);

    private GoPackage(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public Dictionary<string, GoStruct> Structs { get; } = new(StringComparer.Ordinal);

    /// <summary>Named slice types and their element type: Verbs → string.</summary>
    public Dictionary<string, string> NamedSlices { get; } = new(StringComparer.Ordinal);

    public static GoPackage Scan(string directory)
    {
        var package = new GoPackage(directory);
        if (!System.IO.Directory.Exists(directory)) return package;
        var files = System.IO.Directory.EnumerateFiles(directory, "*.go")
            .Where(f => !f.EndsWith("_test.go", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) is var n && n != "generated.pb.go" && !n.StartsWith("zz_generated", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (string file in files) package.ScanFile(file, File.ReadAllLines(file));
        return package;
    }

    /// <summary>Scans one file's lines (exposed for tests).</summary>
    public static GoPackage FromLines(string file, string[] lines)
    {
        var package = new GoPackage(Path.GetDirectoryName(file) ?? "");
        package.ScanFile(file, lines);
        return package;
    }

    private void ScanFile(string file, string[] lines)
    {
        GoStruct? current = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int number = i + 1;
            if (current is null)
            {
                var start = StructStart.Match(line);
                if (start.Success)
                {
                    current = new GoStruct(start.Groups[1].Value, file, number);
                    Add(current);
                    continue;
                }
                var empty = EmptyStruct.Match(line);
                if (empty.Success)
                {
                    Add(new GoStruct(empty.Groups[1].Value, file, number));
                    continue;
                }
                var slice = NamedSlice.Match(line);
                if (slice.Success) NamedSlices[slice.Groups[1].Value] = slice.Groups[2].Value;
                continue;
            }

            if (line.StartsWith('}'))
            {
                current = null;
                continue;
            }
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal)) continue;
            if (text.IndexOf("protobuf:\"", StringComparison.Ordinal) < 0 && text.IndexOf("json:\"", StringComparison.Ordinal) < 0) continue;

            var match = FieldLine.Match(text);
            if (!match.Success || !match.Groups["tag"].Success)
                throw new ProtoException(file, number, $"cannot read this field of struct {current.Name}: expected 'Name Type `tags`' on one line");
            current.Fields.Add(ReadField(file, number, current.Name, match));
        }
        if (current is not null) throw new ProtoException(file, current.Line, $"struct {current.Name} is never closed");
    }

    private void Add(GoStruct declared)
    {
        if (Structs.TryGetValue(declared.Name, out var other))
            throw new ProtoException(declared.File, declared.Line, $"struct {declared.Name} is also declared at {other.Where}");
        Structs[declared.Name] = declared;
    }

    private static GoField ReadField(string file, int line, string structName, Match match)
    {
        string? name = match.Groups["name"].Success ? match.Groups["name"].Value : null;
        string type = match.Groups["type"].Value;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match pair in TagPair.Matches(match.Groups["tag"].Value)) tags[pair.Groups[1].Value] = pair.Groups[2].Value;

        string? jsonName = null;
        bool omitEmpty = false, inline = false;
        if (tags.TryGetValue("json", out string? json))
        {
            string[] parts = json.Split(',');
            jsonName = parts[0] == "-" ? null : parts[0];
            omitEmpty = parts.Skip(1).Contains("omitempty");
            inline = parts.Skip(1).Contains("inline");
            if (parts[0].Length == 0 && !inline)
                throw new ProtoException(file, line, $"field {name ?? type} of struct {structName} has an empty JSON name without ',inline'");
            if (inline) jsonName = null;
        }
        else if (name is not null)
        {
            jsonName = name;
        }

        int? protoNumber = null;
        string? protoName = null;
        if (tags.TryGetValue("protobuf", out string? protobuf) && protobuf != "-")
        {
            string[] parts = protobuf.Split(',');
            if (parts.Length < 3 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                throw new ProtoException(file, line, $"field {name ?? type} of struct {structName} has a protobuf tag \"{protobuf}\" without a field number");
            protoNumber = n;
            protoName = parts.FirstOrDefault(p => p.StartsWith("name=", StringComparison.Ordinal))?.Substring(5);
        }
        return new GoField(name, type, jsonName, omitEmpty, inline, protoNumber, protoName, line);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kube.Client.Config.Yaml;

/// <summary>
/// Reads typed fields out of a YAML tree and turns every mismatch into a
/// <see cref="KubeconfigException"/> naming the file, the field path, and the line and column.
/// </summary>
internal sealed class YamlFieldReader
{
    public YamlFieldReader(string sourcePath) => SourcePath = sourcePath;

    public string SourcePath { get; }

    public KubeconfigException Error(YamlNode? node, string field, string message)
    {
        if (node is null || node.Start.Line <= 0)
        {
            return new KubeconfigException($"Kubeconfig {SourcePath}: {field}: {message}", SourcePath, field);
        }
        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        return new KubeconfigException(
            $"Kubeconfig {SourcePath}: line {line}, column {column}: {field}: {message}",
            SourcePath, field, line, column);
    }

    public static bool IsNull(YamlNode? node) =>
        node is null ||
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s &&
        (s.Value is null || s.Value.Length == 0 || s.Value == "~" || s.Value == "null" || s.Value == "Null" || s.Value == "NULL");

    public static YamlNode? Get(YamlMappingNode mapping, string key)
    {
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                return entry.Value;
            }
        }
        return null;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string field)
    {
        if (IsNull(node))
        {
            return null;
        }
        return node as YamlMappingNode ?? throw Error(node, field, $"expected a mapping, found {Describe(node!)}");
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string field)
    {
        if (IsNull(node))
        {
            return null;
        }
        return node as YamlSequenceNode ?? throw Error(node, field, $"expected a list, found {Describe(node!)}");
    }

    public string? String(YamlMappingNode mapping, string key, string parentField)
    {
        var node = Get(mapping, key);
        if (IsNull(node))
        {
            return null;
        }
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }
        throw Error(node, Join(parentField, key), $"expected a string, found {Describe(node!)}");
    }

    public bool Bool(YamlMappingNode mapping, string key, string parentField)
    {
        var node = Get(mapping, key);
        if (IsNull(node))
        {
            return false;
        }
        if (node is YamlScalarNode scalar)
        {
            switch (scalar.Value?.ToLowerInvariant())
            {
                case "true": case "yes": case "on": return true;
                case "false": case "no": case "off": return false;
            }
        }
        throw Error(node, Join(parentField, key), $"expected true or false, found {Describe(node!)}");
    }

    public byte[]? Base64(YamlMappingNode mapping, string key, string parentField)
    {
        var text = String(mapping, key, parentField);
        if (text is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Error(Get(mapping, key), Join(parentField, key), "is not valid base64");
        }
    }

    public List<string> StringList(YamlMappingNode mapping, string key, string parentField)
    {
        var list = new List<string>();
        var field = Join(parentField, key);
        var sequence = Sequence(Get(mapping, key), field);
        if (sequence is null)
        {
            return list;
        }
        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode scalar || IsNull(item))
            {
                throw Error(item, $"{field}[{index}]", $"expected a string, found {Describe(item)}");
            }
            list.Add(scalar.Value ?? "");
            index++;
        }
        return list;
    }

    /// <summary>A mapping of strings to strings or to lists of strings (as-user-extra).</summary>
    public Dictionary<string, List<string>> StringListMap(YamlMappingNode mapping, string key, string parentField)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var field = Join(parentField, key);
        var map = Mapping(Get(mapping, key), field);
        if (map is null)
        {
            return result;
        }
        foreach (var entry in map.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? "";
            if (entry.Value is YamlScalarNode && !IsNull(entry.Value))
            {
                result[name] = new List<string> { ((YamlScalarNode)entry.Value).Value ?? "" };
            }
            else
            {
                result[name] = StringList(map, name, field);
            }
        }
        return result;
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Quote(string name) => "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "null",
        YamlScalarNode s => "the scalar " + Quote(Truncate(s.Value ?? "", 40)),
        _ => "an alias",
    };

    private static string Truncate(string value, int max) =>
        value.Length <= max ? value : value.Substring(0, max) + "...";

    public static string Position(Mark mark) =>
        string.Format(CultureInfo.InvariantCulture, "line {0}, column {1}", mark.Line, mark.Column);
}

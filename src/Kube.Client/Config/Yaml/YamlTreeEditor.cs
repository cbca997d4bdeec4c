using System.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kube.Client.Config.Yaml;

/// <summary>
/// In-place edits of a kubeconfig YAML tree that touch only the named node: every other key,
/// its order and its scalar style are written back as read.
/// </summary>
internal static class YamlTreeEditor
{
    public static void SetScalar(YamlMappingNode mapping, string key, string value)
    {
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                if (entry.Value is YamlScalarNode existing)
                {
                    existing.Value = value;
                    if (existing.Style is ScalarStyle.Plain or ScalarStyle.Any && YamlJson.NeedsQuoting(value))
                    {
                        existing.Style = ScalarStyle.DoubleQuoted;
                    }
                    return;
                }
                mapping.Children[entry.Key] = NewScalar(value);
                return;
            }
        }
        mapping.Children.Add(new YamlScalarNode(key), NewScalar(value));
    }

    public static bool Remove(YamlMappingNode mapping, string key)
    {
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                mapping.Children.Remove(entry.Key);
                return true;
            }
        }
        return false;
    }

    /// <summary>The item of <c>root[listKey]</c> whose name is <paramref name="name"/>.</summary>
    public static YamlMappingNode? FindNamed(YamlMappingNode root, string listKey, string name)
    {
        if (YamlFieldReader.Get(root, listKey) is not YamlSequenceNode list)
        {
            return null;
        }
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode entry &&
                YamlFieldReader.Get(entry, "name") is YamlScalarNode scalar && scalar.Value == name)
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>The body mapping (<c>context:</c>, <c>cluster:</c>...) of an entry, created if absent.</summary>
    public static YamlMappingNode Body(YamlMappingNode entry, string bodyKey)
    {
        if (YamlFieldReader.Get(entry, bodyKey) is YamlMappingNode body)
        {
            return body;
        }
        var created = new YamlMappingNode();
        if (YamlFieldReader.Get(entry, bodyKey) is not null)
        {
            Remove(entry, bodyKey);
        }
        // kubectl writes the body key before name; a new entry does the same.
        entry.Children.Add(new YamlScalarNode(bodyKey), created);
        return created;
    }

    /// <summary>Appends <c>{bodyKey: {}, name: name}</c> to <c>root[listKey]</c> and returns the body.</summary>
    public static YamlMappingNode AddNamed(YamlMappingNode root, string listKey, string bodyKey, string name)
    {
        if (YamlFieldReader.Get(root, listKey) is not YamlSequenceNode list)
        {
            Remove(root, listKey);
            list = new YamlSequenceNode();
            root.Children.Add(new YamlScalarNode(listKey), list);
        }
        var body = new YamlMappingNode();
        var entry = new YamlMappingNode
        {
            { bodyKey, body },
            { "name", NewScalar(name) },
        };
        list.Children.Add(entry);
        return body;
    }

    public static bool RemoveNamed(YamlMappingNode root, string listKey, string name)
    {
        if (YamlFieldReader.Get(root, listKey) is not YamlSequenceNode list)
        {
            return false;
        }
        var entry = FindNamed(root, listKey, name);
        return entry is not null && list.Children.Remove(entry);
    }

    public static string Serialize(YamlStream stream)
    {
        var writer = new StringWriter { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlDotNet closes each document with an explicit end marker that kubectl never writes.
        if (text.EndsWith("...\n", System.StringComparison.Ordinal))
        {
            text = text.Substring(0, text.Length - 4);
        }
        return text;
    }

    private static YamlScalarNode NewScalar(string value) =>
        new(value) { Style = YamlJson.NeedsQuoting(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kube.Client.Yaml;

/// <summary>
/// Reads a YAML stream (one or many documents) into JSON trees, as kubectl does before it sends
/// a manifest: plain scalars are typed by YAML 1.1 rules, anchors, aliases and merge keys are
/// expanded, and every error names the source, line and column. Key order is kept.
/// </summary>
public static class KubeYamlReader
{
    private const int MaxAliasExpansions = 10_000;

    /// <summary>Every document of <paramref name="text"/>; empty documents are kept as null content.</summary>
    public static IReadOnlyList<YamlDocument> ReadDocuments(string text, string? source = null) =>
        ReadDocuments(new StringReader(text ?? throw new ArgumentNullException(nameof(text))), source);

    public static IReadOnlyList<YamlDocument> ReadDocuments(TextReader reader, string? source = null)
    {
        var parser = new Parser(reader);
        var documents = new List<YamlDocument>();
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var state = new State(source);
                int line = (int)parser.Current!.Start.Line;
                JsonNode? content = parser.Current is DocumentEnd ? null : ReadNode(parser, state);
                parser.Consume<DocumentEnd>();
                documents.Add(new YamlDocument(content, documents.Count, line, source));
            }
            // A "---" closing the stream opens an empty document no one meant.
            while (documents.Count > 0 && documents[documents.Count - 1].Content is null) documents.RemoveAt(documents.Count - 1);
        }
        catch (YamlException e)
        {
            throw new KubeYamlException(Clean(e.Message), source, (int)e.Start.Line, (int)e.Start.Column, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these, not a YamlException, on some malformed input.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new KubeYamlException("malformed YAML in the node that starts here (is a bracket or quote left open?)", source, (int)mark.Line, (int)mark.Column, e);
        }
        return documents;
    }

    public static async System.Threading.Tasks.Task<IReadOnlyList<YamlDocument>> ReadFileAsync(string path, System.Threading.CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
#if NET8_0_OR_GREATER
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
#else
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
            using (var reader = new StreamReader(stream))
                text = await reader.ReadToEndAsync().ConfigureAwait(false);
#endif
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KubeYamlException("the file does not exist", path, null, null, e);
        }
        return ReadDocuments(text, path);
    }

    private static JsonNode? ReadNode(IParser parser, State state)
    {
        switch (parser.Current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return Remember(state, scalar.Anchor, ScalarValue(scalar, state));
            case SequenceStart seq:
                return ReadSequence(parser, state, seq);
            case MappingStart map:
                return ReadMapping(parser, state, map);
            case AnchorAlias alias:
                parser.MoveNext();
                if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
                    throw Error(state, alias.Start, $"the alias *{alias.Value} refers to no anchor defined before it");
                if (++state.Expansions > MaxAliasExpansions)
                    throw Error(state, alias.Start, "too many alias expansions (is this a YAML bomb?)");
                return target?.DeepClone();
            default:
                throw Error(state, parser.Current!.Start, $"unexpected {parser.Current.GetType().Name}");
        }
    }

    private static JsonArray ReadSequence(IParser parser, State state, SequenceStart start)
    {
        parser.MoveNext();
        var array = new JsonArray();
        while (!parser.TryConsume<SequenceEnd>(out _))
            array.Add(ReadNode(parser, state));
        Remember(state, start.Anchor, array);
        return array;
    }

    private static JsonObject ReadMapping(IParser parser, State state, MappingStart start)
    {
        parser.MoveNext();
        var obj = new JsonObject();
        List<(JsonNode? Value, Mark At)>? merges = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            if (keyEvent is not Scalar keyScalar)
            {
                if (keyEvent is AnchorAlias) throw Error(state, keyEvent.Start, "an alias cannot be a mapping key here");
                throw Error(state, keyEvent.Start, "a mapping key must be a scalar; complex keys have no JSON form");
            }
            parser.MoveNext();
            if (keyScalar.Style == ScalarStyle.Plain && keyScalar.Value == "<<" && keyScalar.Tag.IsEmpty)
            {
                (merges ??= new()).Add((ReadNode(parser, state), keyEvent.Start));
                continue;
            }
            string key = KeyText(keyScalar, state);
            if (obj.ContainsKey(key)) throw Error(state, keyEvent.Start, $"the key \"{key}\" appears twice in this mapping");
            obj[key] = ReadNode(parser, state);
        }
        if (merges is not null) ApplyMerges(obj, merges, state);
        Remember(state, start.Anchor, obj);
        return obj;
    }

    private static void ApplyMerges(JsonObject obj, List<(JsonNode? Value, Mark At)> merges, State state)
    {
        foreach (var (value, at) in merges)
        {
            var sources = value switch
            {
                JsonObject single => new List<JsonObject> { single },
                JsonArray many => ToObjects(many, at, state),
                _ => throw Error(state, at, "a merge key (<<) takes a mapping or a list of mappings"),
            };
            foreach (var source in sources)
                foreach (var pair in source)
                    if (!obj.ContainsKey(pair.Key)) obj[pair.Key] = pair.Value?.DeepClone();
        }
    }

    private static List<JsonObject> ToObjects(JsonArray array, Mark at, State state)
    {
        var list = new List<JsonObject>();
        foreach (var item in array)
            list.Add(item as JsonObject ?? throw Error(state, at, "a merge key (<<) takes a mapping or a list of mappings"));
        return list;
    }

    private static JsonNode? ScalarValue(Scalar scalar, State state)
    {
        string tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        try
        {
            switch (tag)
            {
                case "tag:yaml.org,2002:str":
                case "tag:yaml.org,2002:binary":
                    return JsonValue.Create(scalar.Value);
                case "tag:yaml.org,2002:null":
                    return null;
                case "tag:yaml.org,2002:bool":
                case "tag:yaml.org,2002:int":
                case "tag:yaml.org,2002:float":
                    var typed = YamlScalarResolver.Resolve(scalar.Value);
                    if (typed is JsonValue v && v.TryGetValue<string>(out _))
                        throw new FormatException($"\"{scalar.Value}\" is not a valid {tag.Substring(tag.LastIndexOf(':') + 1)}");
                    return typed;
            }
            if (scalar.Style != ScalarStyle.Plain || (tag.Length > 0 && tag != "!")) return JsonValue.Create(scalar.Value);
            return YamlScalarResolver.Resolve(scalar.Value);
        }
        catch (FormatException e)
        {
            throw Error(state, scalar.Start, e.Message);
        }
    }

    private static string KeyText(Scalar key, State state)
    {
        if (key.Style != ScalarStyle.Plain) return key.Value;
        // kubectl turns non-string keys into their text (true -> "true", 1 -> "1").
        var value = ScalarValue(key, state);
        return value is null ? "null" : value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
    }

    private static T Remember<T>(State state, AnchorName anchor, T node) where T : JsonNode?
    {
        if (!anchor.IsEmpty) state.Anchors[anchor.Value] = node;
        return node;
    }

    private static KubeYamlException Error(State state, Mark at, string message) =>
        new(message, state.Source, (int)at.Line, (int)at.Column);

    private static string Clean(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): ".
        int i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message.Substring(i + 3) : message;
    }

    private sealed class State
    {
        public State(string? source) => Source = source;
        public string? Source { get; }
        public Dictionary<string, JsonNode?> Anchors { get; } = new(StringComparer.Ordinal);
        public int Expansions { get; set; }
    }
}

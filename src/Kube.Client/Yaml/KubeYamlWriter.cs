using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kube.Client.Yaml;

/// <summary>
/// Writes JSON trees as YAML the way kubectl -o yaml reads: block style, two-space indent,
/// sequences level with their key, key order kept, multi-line strings as literal blocks, and
/// quotes on every string that would otherwise read back as something else ("true", "1.0", "").
/// Several documents are separated by "---".
/// </summary>
public static class KubeYamlWriter
{
    public static string Write(JsonNode? document) => Write(new[] { document });

    public static string Write(IEnumerable<JsonNode?> documents)
    {
        var text = new StringWriter { NewLine = "\n" };
        Write(documents, text);
        return text.ToString();
    }

    public static void Write(IEnumerable<JsonNode?> documents, TextWriter output)
    {
        var emitter = new Emitter(output, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        bool first = true;
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            first = false;
            WriteNode(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
    }

    private static void WriteNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var pair in obj)
                {
                    WriteString(emitter, pair.Key);
                    WriteNode(emitter, pair.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) WriteNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                WriteValue(emitter, value);
                break;
        }
    }

    private static void WriteValue(IEmitter emitter, JsonValue value)
    {
        if (value.TryGetValue<string>(out var s))
        {
            WriteString(emitter, s);
            return;
        }
        if (value.TryGetValue<JsonElement>(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    WriteString(emitter, element.GetString()!);
                    return;
                case JsonValueKind.Object:
                case JsonValueKind.Array:
                    WriteNode(emitter, JsonNode.Parse(element.GetRawText()));
                    return;
            }
        }
        // Numbers, booleans and null: their JSON text is also their YAML plain form.
        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
    }

    private static void WriteString(IEmitter emitter, string s)
    {
        ScalarStyle style;
        if (s.IndexOf('\n') >= 0 && IsPrintable(s) && !HasTrailingSpaceOnALine(s)) style = ScalarStyle.Literal;
        else if (YamlScalarResolver.NeedsQuotes(s)) style = IsPrintable(s) ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted;
        else style = IsPrintable(s) ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, s, style, true, true));
    }

    private static bool IsPrintable(string s)
    {
        foreach (char c in s)
            if (c < ' ' && c != '\n' && c != '\t' || c == '\u007f' || c == '\ufeff') return false;
        return true;
    }

    // A literal block cannot keep spaces at the end of a line reliably in every reader.
    private static bool HasTrailingSpaceOnALine(string s) => s.IndexOf(" \n", StringComparison.Ordinal) >= 0 || s.EndsWith(" ", StringComparison.Ordinal);
}

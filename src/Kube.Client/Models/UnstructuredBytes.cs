using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Kube.Client.Models;

/// <summary>
/// The UTF-8 form of an <see cref="Unstructured"/> that nobody has opened as a tree yet: checked
/// once, as strictly as the tree would be (syntax, depth, repeated members in any object, UTF-8 of
/// every string), then read in place. Typed accessors (name, namespace, labels...) scan the bytes
/// and create only the strings they return; writing copies token by token with the tree's writer
/// options, so the output is the same as the tree's.
/// </summary>
internal static class UnstructuredBytes
{
    /// <summary>How every held object is read: as deep as the tree parser allows (the reader's default stops at 64).</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = UnstructuredJson.MaxDepth };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static MemberNames? t_names;

    /// <summary>
    /// Checks one JSON value, which must be an object, starting at <paramref name="reader"/>'s current
    /// token (a StartObject) and leaves the reader on its EndObject. <paramref name="topLevelTypeMeta"/>
    /// tells whether apiVersion or kind is among its own members.
    /// </summary>
    /// <exception cref="JsonException">Not valid: a repeated member (naming where), bad UTF-8, too deep, or a syntax error.</exception>
    public static void CheckObject(ref Utf8JsonReader reader, out bool topLevelTypeMeta)
    {
        // The reader ran out inside the object: a final block ends with a syntax error before this.
        if (!TryCheckObject(ref reader, out topLevelTypeMeta)) throw new JsonException("The JSON object is not complete.");
    }

    /// <summary>
    /// <see cref="CheckObject"/> over a reader that may hold only the start of the object (not a final
    /// block): false when the bytes run out before its end, and then the check starts again from the
    /// object's StartObject once more bytes are in. <paramref name="offset"/> is where the reader's
    /// bytes start in the whole body, for the positions in messages.
    /// </summary>
    /// <inheritdoc cref="CheckObject"/>
    public static bool TryCheckObject(ref Utf8JsonReader reader, out bool topLevelTypeMeta, long offset = 0)
    {
        topLevelTypeMeta = false;
        var names = t_names ??= new MemberNames();
        names.Reset();
        int baseDepth = reader.CurrentDepth;
        names.Open();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    names.Open();
                    break;
                case JsonTokenType.EndObject:
                    names.Close();
                    if (reader.CurrentDepth == baseDepth) return true;
                    break;
                case JsonTokenType.StartArray:
                    names.OpenArray();
                    break;
                case JsonTokenType.EndArray:
                    names.CloseArray();
                    break;
                case JsonTokenType.PropertyName:
                    var name = Unescaped(ref reader, names);
                    CheckUtf8(offset + reader.TokenStartIndex, name);
                    if (!names.Add(name))
                        throw new JsonException($"The field \"{Encoding.UTF8.GetString(name.ToArray())}\" appears more than once in {names.Where()}.");
                    if (reader.CurrentDepth == baseDepth + 1 && (name.SequenceEqual("apiVersion"u8) || name.SequenceEqual("kind"u8)))
                        topLevelTypeMeta = true;
                    break;
                case JsonTokenType.String:
                    names.Element();
                    if (reader.ValueIsEscaped || reader.HasValueSequence) reader.GetString();
                    else CheckUtf8(offset + reader.TokenStartIndex, reader.ValueSpan);
                    break;
                default:
                    names.Element();
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// Checks a whole document that must be one object and returns a copy of it, ready to be held by an
    /// <see cref="Unstructured"/>. Errors start with <paramref name="what"/>, like the tree parser's.
    /// </summary>
    public static byte[] CheckDocument(ReadOnlySpan<byte> json, string what)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read()) throw new JsonException("The input does not contain any JSON tokens.");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = UnstructuredJson.KindOf(reader.TokenType);
                // Whatever follows must still be valid JSON: a syntax error wins over the wrong kind.
                reader.Skip();
                while (reader.Read())
                {
                }
                throw new NotAnObjectException(kind);
            }
            long start = reader.TokenStartIndex;
            try
            {
                CheckObject(ref reader, out _);
            }
            catch (JsonException e) when (e is not NotAnObjectException && e.LineNumber is null)
            {
                throw new JsonException($"{what} is not valid: {e.Message}", e);
            }
            long end = reader.BytesConsumed;
            while (reader.Read())
            {
            }
            return json.Slice((int)start, (int)(end - start)).ToArray();
        }
        catch (NotAnObjectException e)
        {
            throw new JsonException($"{what} must be a JSON object, but the document is {UnstructuredJson.DescribeKind(e.Kind)}.");
        }
        catch (JsonException e) when (e.LineNumber is not null)
        {
            throw new JsonException($"{what} is not valid JSON: {e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        }
    }

    /// <summary>
    /// Finds the value at <paramref name="fields"/>. True with the reader on the value's first token;
    /// false when a member is missing. <paramref name="irregular"/> is set instead when the path runs
    /// through null or a non-object, which the tree's readers report in their own words.
    /// </summary>
    public static bool TryFind(byte[] json, string[] fields, out Utf8JsonReader reader, out bool irregular)
    {
        irregular = false;
        reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        for (int i = 0; i < fields.Length; i++)
        {
            if (!TryFindMember(ref reader, fields[i])) return false;
            reader.Read();
            if (i == fields.Length - 1) return true;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                irregular = true;
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// <paramref name="json"/> without the member at <paramref name="fields"/>, cut out of the bytes
    /// (with one comma beside it), or null when there is no such member. <paramref name="irregular"/>
    /// is set instead when the path runs through a non-object, which the tree reports in its own words.
    /// </summary>
    public static byte[]? WithoutMember(byte[] json, string[] fields, out bool irregular)
    {
        irregular = false;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        for (int i = 0; i < fields.Length - 1; i++)
        {
            if (!TryFindMember(ref reader, fields[i])) return null;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                irregular = true;
                return null;
            }
        }
        // The removed range: from the end of the member before (taking its comma), or, for a first
        // member, up to the member after (taking the comma that follows it).
        long previousEnd = -1;
        string last = fields[fields.Length - 1];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            long nameStart = reader.TokenStartIndex;
            bool match = reader.ValueTextEquals(last);
            reader.Read();
            reader.Skip();
            long valueEnd = reader.BytesConsumed;
            if (!match)
            {
                previousEnd = valueEnd;
                continue;
            }
            long from, to;
            if (previousEnd >= 0)
            {
                from = previousEnd;
                to = valueEnd;
            }
            else
            {
                from = nameStart;
                reader.Read();
                to = reader.TokenType == JsonTokenType.PropertyName ? reader.TokenStartIndex : valueEnd;
            }
            var result = new byte[json.Length - (to - from)];
            Buffer.BlockCopy(json, 0, result, 0, (int)from);
            Buffer.BlockCopy(json, (int)to, result, (int)from, json.Length - (int)to);
            return result;
        }
        return null;
    }

    /// <summary>With the reader on a StartObject, moves to the member called <paramref name="name"/> (false when there is none).</summary>
    private static bool TryFindMember(ref Utf8JsonReader reader, string name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name)) return true;
            reader.Read();
            reader.Skip();
        }
        return false;
    }

    /// <summary>Copies the value under the reader to <paramref name="writer"/> as the tree would write it; the reader ends on its last token.</summary>
    public static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        int depth = reader.CurrentDepth;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName:
                    if (reader.ValueIsEscaped) writer.WritePropertyName(reader.GetString()!);
                    else writer.WritePropertyName(reader.ValueSpan);
                    break;
                case JsonTokenType.String:
                    if (reader.ValueIsEscaped) writer.WriteStringValue(reader.GetString());
                    else writer.WriteStringValue(reader.ValueSpan);
                    break;
                case JsonTokenType.Number:
                    // The tree holds 64-bit integers as numbers and keeps the text of any other number.
                    if (Utf8Parser.TryParse(reader.ValueSpan, out long integer, out int used) && used == reader.ValueSpan.Length) writer.WriteNumberValue(integer);
                    else if (!writer.Options.Indented) writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    else WriteNumberText(reader.ValueSpan, writer);
                    break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
            }
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName)) return;
            if (!reader.Read()) return;
        }
    }

    /// <summary>A number's exact text, indented as the writer indents (raw values are not).</summary>
    private static void WriteNumberText(ReadOnlySpan<byte> number, Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(number.ToArray());
        document.RootElement.WriteTo(writer);
    }

    /// <summary>Writes a whole held object.</summary>
    public static void WriteTo(byte[] json, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        Copy(ref reader, writer);
    }

    /// <summary>
    /// <paramref name="json"/> with <paramref name="prefix"/> (members such as "apiVersion":"v1","kind":"Pod",
    /// ending in a comma) put first inside the object.
    /// </summary>
    public static byte[] WithLeadingMembers(ReadOnlySpan<byte> json, ReadOnlySpan<byte> prefix)
    {
        // json is a checked object: '{', then either '}' or its members, possibly after whitespace.
        int open = json.IndexOf((byte)'{');
        var rest = json.Slice(open + 1);
        int first = 0;
        while (rest[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
        bool empty = rest[first] == (byte)'}';
        var result = new byte[json.Length + prefix.Length - (empty ? 1 : 0)];
        json.Slice(0, open + 1).CopyTo(result);
        var members = empty ? prefix.Slice(0, prefix.Length - 1) : prefix;
        members.CopyTo(result.AsSpan(open + 1));
        rest.CopyTo(result.AsSpan(open + 1 + members.Length));
        return result;
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, MemberNames names)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) return reader.ValueSpan;
        string name = reader.GetString()!;
        return names.Scratch(Encoding.UTF8.GetBytes(name));
    }

    private static void CheckUtf8(long position, ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b < 0x80) continue;
            try
            {
                StrictUtf8.GetCharCount(text.ToArray());
            }
            catch (DecoderFallbackException e)
            {
                throw new JsonException($"A string is not valid UTF-8 (at byte {position}).", e);
            }
            return;
        }
    }

    private sealed class NotAnObjectException : JsonException
    {
        public NotAnObjectException(JsonValueKind kind) => Kind = kind;

        public JsonValueKind Kind { get; }
    }

    /// <summary>
    /// The member names of every object open on the path from the root, to find repeats, and the
    /// path itself for messages. Reused per thread; names are compared as unescaped bytes.
    /// </summary>
    private sealed class MemberNames
    {
        private readonly List<Frame> _frames = new();
        private byte[] _bytes = new byte[1024];
        private int _bytesUsed;
        private (int Hash, int Start, int Length)[] _entries = new (int, int, int)[64];
        private int _entryCount;
        private byte[]? _scratch;

        public void Reset()
        {
            _frames.Clear();
            _bytesUsed = 0;
            _entryCount = 0;
        }

        public void Open()
        {
            Element();
            _frames.Add(new Frame(false, _entryCount, _bytesUsed));
        }

        public void OpenArray()
        {
            Element();
            _frames.Add(new Frame(true, _entryCount, _bytesUsed));
        }

        public void Close()
        {
            var frame = _frames[_frames.Count - 1];
            _frames.RemoveAt(_frames.Count - 1);
            _entryCount = frame.FirstEntry;
            _bytesUsed = frame.FirstByte;
        }

        public void CloseArray() => Close();

        /// <summary>An array element begins: count it, for the path in messages.</summary>
        public void Element()
        {
            if (_frames.Count == 0) return;
            var top = _frames[_frames.Count - 1];
            if (top.IsArray)
            {
                top.Index++;
                _frames[_frames.Count - 1] = top;
            }
        }

        public ReadOnlySpan<byte> Scratch(byte[] bytes) => _scratch = bytes;

        /// <summary>Adds a name to the innermost object; false when it is there already.</summary>
        public bool Add(ReadOnlySpan<byte> name)
        {
            var frame = _frames[_frames.Count - 1];
            int hash = Hash(name);
            for (int i = frame.FirstEntry; i < _entryCount; i++)
            {
                var entry = _entries[i];
                if (entry.Hash == hash && name.SequenceEqual(_bytes.AsSpan(entry.Start, entry.Length))) return false;
            }
            if (_bytesUsed + name.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + name.Length));
            name.CopyTo(_bytes.AsSpan(_bytesUsed));
            if (_entryCount == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            _entries[_entryCount++] = (hash, _bytesUsed, name.Length);
            _bytesUsed += name.Length;
            frame.LastNameStart = _bytesUsed - name.Length;
            frame.LastNameLength = name.Length;
            _frames[_frames.Count - 1] = frame;
            return true;
        }

        /// <summary>Where the innermost object is, as the tree names it ("the top level", "metadata.labels", "spec.containers[0]").</summary>
        public string Where()
        {
            var path = new StringBuilder();
            for (int i = 0; i < _frames.Count - 1; i++)
            {
                var frame = _frames[i];
                if (frame.IsArray)
                {
                    path.Append('[').Append(frame.Index - 1).Append(']');
                    continue;
                }
                string name = Encoding.UTF8.GetString(_bytes, frame.LastNameStart, frame.LastNameLength);
                if (name.IndexOfAny(SpecialCharacters) >= 0) path.Append("['").Append(name.Replace("'", "\\'")).Append("']");
                else path.Append('.').Append(name);
            }
            return path.Length == 0 ? "the top level" : path.ToString();
        }

        private static readonly char[] SpecialCharacters = { '.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\f', '\b', '\\', '\u0085', '\u2028', '\u2029' };

        private static int Hash(ReadOnlySpan<byte> name)
        {
            unchecked
            {
                int hash = (int)2166136261;
                foreach (byte b in name) hash = (hash ^ b) * 16777619;
                return hash;
            }
        }

        private struct Frame
        {
            public Frame(bool isArray, int firstEntry, int firstByte)
            {
                IsArray = isArray;
                FirstEntry = firstEntry;
                FirstByte = firstByte;
                Index = 0;
                LastNameStart = 0;
                LastNameLength = 0;
            }

            public bool IsArray;
            public int FirstEntry;
            public int FirstByte;
            public int Index;
            public int LastNameStart;
            public int LastNameLength;
        }
    }
}

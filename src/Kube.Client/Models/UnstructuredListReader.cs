using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.Models;

/// <summary>
/// Reads a list response as <see cref="Unstructured"/> items while its bytes arrive (or from a body in
/// memory): each item is checked as strictly as <see cref="Unstructured.Parse(string)"/> checks an object
/// and kept as its own exact-size copy of its UTF-8, so no more than the item being read (plus one
/// read's worth) is ever buffered, and no tree is built for it. The list's own members (apiVersion,
/// kind, metadata and anything else) become <see cref="Content"/>, in their order.
/// </summary>
/// <remarks>
/// Items of built-in lists come without apiVersion and kind: an item read once the list's apiVersion
/// and kind are known gets them put first (client-go does the same); one read before (a list that
/// writes them after "items") is named in <see cref="EarlyUntypedItems"/> for the caller to complete
/// with <see cref="WithListType"/> at the end. The whole body is read: anything after the list but
/// whitespace is an error, as it is for one object.
/// </remarks>
internal sealed class UnstructuredListReader : StreamedJsonReader
{
    private const string What = "The list";

    private Phase _phase;
    private JsonValueKind _notAnObject;
    private string? _memberName;
    private int _members;
    private int _index;
    private long _itemStart;
    private bool _typeMetaRead;
    private byte[]? _typeMeta;
    private List<int>? _earlyUntyped;

    public UnstructuredListReader(Stream stream)
        : base(stream, DefaultInitialSize, UnstructuredBytes.ReaderOptions)
    {
    }

    public UnstructuredListReader(ArraySegment<byte> body)
        : base(body, UnstructuredBytes.ReaderOptions)
    {
    }

    private enum Phase
    {
        BeforeList,
        NotAnObject,
        InList,
        MemberValue,
        ItemsValue,
        InItems,
        AfterList,
        Done,
    }

    /// <summary>The list's own members, "items" aside, in their order.</summary>
    public JsonObject Content { get; } = new();

    /// <summary>How many of <see cref="Content"/>'s members come before "items"; -1 when there is no "items".</summary>
    public int ItemsPosition { get; private set; } = -1;

    /// <summary>The last item read; valid after a read returned true.</summary>
    public Unstructured Current { get; private set; } = null!;

    /// <summary>The indexes of the items that had no apiVersion or kind and were read before the list's own.</summary>
    public IReadOnlyList<int> EarlyUntypedItems => (IReadOnlyList<int>?)_earlyUntyped ?? Array.Empty<int>();

    /// <summary>Reads the next item; false once the body has ended after the list.</summary>
    /// <exception cref="JsonException">The body is not a list of objects, an item is not valid, or the body stops inside the list.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => ReadPieceAsync(cancellationToken);

    /// <inheritdoc cref="ReadAsync"/>
    public bool Read() => ReadPiece();

    /// <summary>An item of <see cref="EarlyUntypedItems"/> with the list's apiVersion and kind put first (itself when the list has none).</summary>
    public Unstructured WithListType(Unstructured item)
    {
        var typeMeta = TypeMeta();
        return typeMeta is not null && item.TryGetJson(out var json) ? new Unstructured(UnstructuredBytes.WithLeadingMembers(json, typeMeta)) : item;
    }

    protected override bool IsDone => _phase == Phase.Done;

    protected override string EndedEarly(int bytes) =>
        $"{What} is not valid JSON: the body ends after {bytes} bytes, {(_phase == Phase.InItems ? $"inside items[{_index}]" : "inside the list")}";

    // Every error is worded where it is met (see Worded).
    protected override JsonException ErrorAtEnd(JsonException error) => error;

    protected override Step TryRead()
    {
        try
        {
            return Walk();
        }
        catch (JsonException e)
        {
            throw Worded(e);
        }
        catch (InvalidOperationException e)
        {
            // A member name or a value of the list's own members that is not UTF-8 (items are checked byte by byte).
            throw Worded(new JsonException($"A string is not valid UTF-8 (after byte {BytesCommitted}).", e));
        }
    }

    private Step Walk()
    {
        while (true)
        {
            var reader = CreateReader();
            switch (_phase)
            {
                case Phase.BeforeList:
                    if (!reader.Read()) return Step.NeedMore;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        Commit(ref reader, Phase.InList);
                        break;
                    }
                    // Not committed: the value is skipped from its first token, and its syntax is checked before its kind is reported.
                    _notAnObject = UnstructuredJson.KindOf(reader.TokenType);
                    _phase = Phase.NotAnObject;
                    break;

                case Phase.NotAnObject:
                    if (!reader.Read() || !reader.TrySkip()) return Step.NeedMore;
                    Commit(ref reader, Phase.AfterList);
                    break;

                case Phase.InList:
                    if (!reader.Read()) return Step.NeedMore;
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        Commit(ref reader, Phase.AfterList);
                        break;
                    }
                    // Only a member name can follow at this depth: the tokenizer checks the syntax.
                    if (reader.ValueTextEquals("items"u8))
                    {
                        if (ItemsPosition >= 0) throw new JsonException("The field \"items\" appears more than once in the top level.");
                        ItemsPosition = _members;
                        Commit(ref reader, Phase.ItemsValue);
                        break;
                    }
                    _memberName = reader.GetString()!;
                    if (Content.ContainsKey(_memberName))
                        throw new JsonException($"The field \"{_memberName}\" appears more than once in the top level.");
                    Commit(ref reader, Phase.MemberValue);
                    break;

                case Phase.MemberValue:
                {
                    if (!reader.Read()) return Step.NeedMore;
                    int start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return Step.NeedMore;
                    using (var value = JsonDocument.Parse(ValueMemory(ref reader, start), new JsonDocumentOptions { MaxDepth = UnstructuredJson.MaxDepth }))
                        UnstructuredJson.AddChild(Content, _memberName!, value.RootElement);
                    if (_memberName is "apiVersion" or "kind") _typeMetaRead = false;
                    _members++;
                    Commit(ref reader, Phase.InList);
                    break;
                }

                case Phase.ItemsValue:
                    if (!reader.Read()) return Step.NeedMore;
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        Commit(ref reader, Phase.InList);
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new JsonException($"\"items\" must be an array, but it is {UnstructuredJson.DescribeKind(UnstructuredJson.KindOf(reader.TokenType))}.");
                    Commit(ref reader, Phase.InItems);
                    break;

                case Phase.InItems:
                {
                    _itemStart = BytesCommitted;
                    if (!reader.Read()) return Step.NeedMore;
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        Commit(ref reader, Phase.InList);
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"items[{_index}] must be an object, but it is {UnstructuredJson.DescribeKind(UnstructuredJson.KindOf(reader.TokenType))}.");
                    int start = (int)reader.TokenStartIndex;
                    _itemStart = BytesCommitted + start;
                    // The item is checked as it is scanned; when its end is not in yet, it is scanned again from its start with more bytes.
                    if (!UnstructuredBytes.TryCheckObject(ref reader, out bool hasTypeMeta, BytesCommitted)) return Step.NeedMore;
                    var item = ValueSpan(ref reader, start);
                    if (hasTypeMeta)
                    {
                        Current = new Unstructured(item.ToArray());
                    }
                    else if (TypeMeta() is { } typeMeta)
                    {
                        Current = new Unstructured(UnstructuredBytes.WithLeadingMembers(item, typeMeta));
                    }
                    else
                    {
                        Current = new Unstructured(item.ToArray());
                        (_earlyUntyped ??= new List<int>()).Add(_index);
                    }
                    _index++;
                    Commit(ref reader, Phase.InItems);
                    return Step.Piece;
                }

                case Phase.AfterList:
                    // Only whitespace may follow: the tokenizer refuses a second value.
                    while (reader.Read())
                    {
                    }
                    Commit(ref reader, IsFinalBlock ? Phase.Done : Phase.AfterList);
                    if (!IsFinalBlock) return Step.NeedMore;
                    if (_notAnObject != JsonValueKind.Undefined)
                        throw new JsonException($"{What} must be a JSON object, but the document is {UnstructuredJson.DescribeKind(_notAnObject)}.");
                    return Step.End;

                default:
                    return Step.End;
            }
        }
    }

    /// <summary>"apiVersion":"v1","kind":"Pod", for items without their own, from the list's apiVersion and kind ("v1", "PodList").</summary>
    private byte[]? TypeMeta()
    {
        if (_typeMetaRead) return _typeMeta;
        _typeMetaRead = true;
        string? apiVersion = TryString(Content, "apiVersion");
        string? listKind = TryString(Content, "kind");
        string? kind = listKind is { Length: > 4 } && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind.Substring(0, listKind.Length - 4) : null;
        _typeMeta = kind is not null && apiVersion is not null ? TypeMetaMembers(apiVersion, kind) : null;
        return _typeMeta;
    }

    private void Commit(ref Utf8JsonReader reader, Phase next)
    {
        Commit(ref reader);
        _phase = next;
    }

    /// <summary>
    /// A tokenizer error as "The list is not valid JSON" with the tokenizer's position (and the item it is in),
    /// any other as "The list is not valid".
    /// </summary>
    private JsonException Worded(JsonException e)
    {
        string where = _phase == Phase.InItems && !e.Message.StartsWith("items[", StringComparison.Ordinal)
            ? $"in items[{_index}], which starts at byte {_itemStart}: "
            : "";
        if (e.LineNumber is not null)
            return new JsonException($"{What} is not valid JSON: {where}{e.Message}", e.Path, e.LineNumber, e.BytePositionInLine, e);
        if (e.Message.StartsWith(What, StringComparison.Ordinal)) return new JsonException(e.Message, e);
        return new JsonException($"{What} is not valid: {where}{e.Message}", e);
    }

    /// <summary>"apiVersion":"v1","kind":"Pod", (with the trailing comma) as the tree would write them.</summary>
    private static byte[] TypeMetaMembers(string apiVersion, string kind)
    {
        byte[] obj = UnstructuredJson.ToUtf8Bytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteString("kind", kind);
            writer.WriteEndObject();
        });
        var members = new byte[obj.Length - 1];
        Buffer.BlockCopy(obj, 1, members, 0, obj.Length - 2);
        members[members.Length - 1] = (byte)',';
        return members;
    }

    private static string? TryString(JsonObject obj, string field) =>
        obj.TryGetPropertyValue(field, out var node) && UnstructuredJson.TryGetString(node, out var value) ? value : null;
}

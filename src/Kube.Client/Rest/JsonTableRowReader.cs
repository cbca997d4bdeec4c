using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;
using Kube.Client.Printing;

namespace Kube.Client.Rest;

/// <summary>
/// Reads a list answered as a meta.k8s.io/v1 Table ({"columnDefinitions": [...], "rows": [{"cells":
/// [...], "object": {...}}]}) from a stream, one row at a time as its bytes arrive, and hands each
/// row's object to the decoder the plain list would use. It reads a plain list ("items") too, from a
/// server that renders no table; its items then have no row. Only one row's bytes (plus a read's
/// worth) are held. With <c>shareStrings</c> the rows and objects share their repeated short strings
/// (<see cref="ListStringPool"/>), for callers that keep them.
/// </summary>
/// <remarks>
/// The API server writes a Table's fields in their declared order (metadata, columnDefinitions,
/// rows), which is what lets a row be printed as soon as it is read. Rows that came before any
/// column definitions would have nothing to be cells of, and get no row.
/// </remarks>
internal sealed class JsonTableRowReader<T> : StreamedJsonReader
    where T : class
{
    private readonly Func<ReadOnlyMemory<byte>, T?> _decode;
    private readonly ListStringPool? _strings;
    private Phase _phase;

    public JsonTableRowReader(Stream stream, Func<ReadOnlyMemory<byte>, T?> decode, int initialSize = DefaultInitialSize, bool shareStrings = false)
        : base(stream, initialSize)
    {
        _decode = decode ?? throw new ArgumentNullException(nameof(decode));
        if (shareStrings) _strings = new ListStringPool();
    }

    private enum Phase
    {
        BeforeBody,
        InBody,
        Value,
        InRows,
        InItems,
        Done,
    }

    private enum Member
    {
        Other,
        Metadata,
        Columns,
        Rows,
        Items,
        ApiVersion,
        Kind,
    }

    private Member _member;

    /// <summary>The list's metadata (resourceVersion, continue); the server writes it before the rows.</summary>
    public ListMeta? Metadata { get; private set; }

    public string? ApiVersion { get; private set; }

    /// <summary>"Table", or the list's kind when the server answered a plain list.</summary>
    public string? Kind { get; private set; }

    /// <summary>The columns, once read.</summary>
    public TableLayout? Layout { get; private set; }

    /// <summary>The last object read; valid after <see cref="ReadAsync"/> returned true.</summary>
    public T Current { get; private set; } = default!;

    /// <summary>The row of <see cref="Current"/>; null for the items of a plain list.</summary>
    public TableRow? CurrentRow { get; private set; }

    /// <summary>Reads the next object; false once the table or list has ended.</summary>
    /// <exception cref="JsonException">The body is neither a table nor a list, or ends inside one.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => ReadPieceAsync(cancellationToken);

    protected override bool IsDone => _phase == Phase.Done;

    protected override string EndedEarly(int bytes) => $"The table ended early: the body stopped after {bytes} bytes";

    protected override Step TryRead()
    {
        while (true)
        {
            if (_phase == Phase.Done) return Step.End;
            var reader = CreateReader();
            if (!reader.Read()) return Step.NeedMore;
            switch (_phase)
            {
                case Phase.BeforeBody:
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"Expected a Table or list object, found {reader.TokenType}.");
                    Commit(ref reader, Phase.InBody);
                    break;

                case Phase.InBody:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        Commit(ref reader, Phase.Done);
                        return Step.End;
                    }
                    _member = reader.ValueTextEquals("rows"u8) ? Member.Rows
                        : reader.ValueTextEquals("items"u8) ? Member.Items
                        : reader.ValueTextEquals("columnDefinitions"u8) ? Member.Columns
                        : reader.ValueTextEquals("metadata"u8) ? Member.Metadata
                        : reader.ValueTextEquals("apiVersion"u8) ? Member.ApiVersion
                        : reader.ValueTextEquals("kind"u8) ? Member.Kind
                        : Member.Other;
                    Commit(ref reader, Phase.Value);
                    break;

                case Phase.Value:
                    if (_member is Member.Rows or Member.Items)
                    {
                        if (reader.TokenType == JsonTokenType.Null) Commit(ref reader, Phase.InBody);
                        else if (reader.TokenType == JsonTokenType.StartArray) Commit(ref reader, _member == Member.Rows ? Phase.InRows : Phase.InItems);
                        else throw new JsonException($"Expected the {(_member == Member.Rows ? "table's rows" : "list's items")} to be an array, found {reader.TokenType}.");
                        break;
                    }
                    if (_member is Member.ApiVersion or Member.Kind && reader.TokenType == JsonTokenType.String)
                    {
                        if (_member == Member.ApiVersion) ApiVersion = reader.GetString();
                        else Kind = reader.GetString();
                        Commit(ref reader, Phase.InBody);
                        break;
                    }
                    int start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return Step.NeedMore;
                    var value = ValueSpan(ref reader, start);
                    if (_member == Member.Metadata && value[0] == (byte)'{')
                    {
                        Metadata = JsonSerializer.Deserialize(value, KubeJsonContext.Default.MetaV1ListMeta);
                    }
                    else if (_member == Member.Columns && value[0] == (byte)'[')
                    {
                        var columns = new Utf8JsonReader(value);
                        columns.Read();
                        Layout = TableJson.ReadColumns(ref columns);
                    }
                    Commit(ref reader, Phase.InBody);
                    break;

                case Phase.InRows:
                case Phase.InItems:
                {
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        Commit(ref reader, Phase.InBody);
                        break;
                    }
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        Commit(ref reader, _phase);
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"Expected an object in the {(_phase == Phase.InRows ? "table's rows" : "list's items")}, found {reader.TokenType}.");
                    int itemStart = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return Step.NeedMore;
                    var piece = ValueMemory(ref reader, itemStart);
                    using var shared = _strings?.Enter();
                    if (_phase == Phase.InRows)
                    {
                        var cells = TableJson.ReadRow(piece.Span, out int objectStart, out int objectLength);
                        if (objectLength == 0)
                            throw new JsonException("A table row carries no object (the request must ask for includeObject=Object).");
                        Current = Decode(piece.Slice(objectStart, objectLength));
                        CurrentRow = Layout is null ? null : new TableRow(Layout, cells);
                        if (CurrentRow is not null) TableRows.Attach(Current, CurrentRow);
                    }
                    else
                    {
                        Current = Decode(piece);
                        CurrentRow = null;
                    }
                    Commit(ref reader, _phase);
                    return Step.Piece;
                }
            }
        }
    }

    private T Decode(ReadOnlyMemory<byte> json) =>
        _decode(json) ?? throw new JsonException($"A {(_phase == Phase.InRows ? "table row" : "list item")} decoded to nothing.");

    private void Commit(ref Utf8JsonReader reader, Phase next)
    {
        Commit(ref reader);
        _phase = next;
    }
}

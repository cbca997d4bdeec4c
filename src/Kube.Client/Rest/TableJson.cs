using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kube.Client.Models.Serialization;
using Kube.Client.Printing;

namespace Kube.Client.Rest;

/// <summary>
/// The parts of a meta.k8s.io/v1 Table in JSON: its column definitions, its rows (cells plus the
/// embedded object, present when the request asked for includeObject=Object), and a whole Table
/// of one object as a GET or a watch event carries it.
/// </summary>
internal static class TableJson
{
    /// <summary>
    /// What a client sends to get tables, as kubectl does: a Table of meta.k8s.io/v1, or, from a
    /// server (or an aggregated API) that renders none, the plain object or list.
    /// </summary>
    public const string Accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    /// <summary>The query parameter that says what each row carries of its object.</summary>
    public const string IncludeObjectParameter = "includeObject";

    /// <summary>The columns alone, from a whole body (a Table of a page of one row asked for them, say); null when it is not a Table.</summary>
    public static TableLayout? ReadLayout(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected a JSON object.");
        bool isTable = false;
        TableLayout? layout = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                isTable = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Table"u8);
            }
            else if (reader.ValueTextEquals("columnDefinitions"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray) layout = ReadColumns(ref reader);
                else reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return isTable ? layout : null;
    }

    /// <summary>Reads a columnDefinitions array; the reader is on its StartArray and ends on its EndArray.</summary>
    public static TableLayout ReadColumns(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected the table's columnDefinitions to be an array, found {reader.TokenType}.");
        var columns = new List<TableColumnDefinition>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException($"Expected a column definition object, found {reader.TokenType}.");
            string? name = null, type = null, format = null, description = null;
            int priority = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string property = reader.GetString()!;
                reader.Read();
                string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                switch (property)
                {
                    case "name": name = text; break;
                    case "type": type = text; break;
                    case "format": format = text; break;
                    case "description": description = text; break;
                    case "priority": priority = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int p) ? p : 0; break;
                }
                reader.Skip();
            }
            if (name is null) throw new JsonException("A table column definition has no name.");
            columns.Add(new TableColumnDefinition(name, type ?? "string", format, description, priority));
        }
        return new TableLayout(columns);
    }

    /// <summary>
    /// Reads one row: its cells and where its object is in <paramref name="row"/> (length 0 when the
    /// row carries no object).
    /// </summary>
    public static object?[] ReadRow(ReadOnlySpan<byte> row, out int objectStart, out int objectLength)
    {
        objectStart = 0;
        objectLength = 0;
        object?[] cells = Array.Empty<object?>();
        var reader = new Utf8JsonReader(row);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("Expected a table row object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("cells"u8))
            {
                reader.Read();
                cells = ReadCells(ref reader);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    objectStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    objectLength = (int)reader.BytesConsumed - objectStart;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return cells;
    }

    /// <summary>
    /// Decodes the body of a GET or the object of a watch event asked for as a Table: the object of
    /// its one row, with that row attached (<see cref="TableRows"/>). <paramref name="layout"/> is the
    /// column set to use when the Table has none (a watch sends it only with its first event) and
    /// comes back as the one in force. A body that is not a Table (a server that renders none) is
    /// decoded as the object itself.
    /// </summary>
    public static T? DecodeObject<T>(ReadOnlyMemory<byte> json, Func<ReadOnlyMemory<byte>, T?> decode, ref TableLayout? layout)
        where T : class
    {
        var reader = new Utf8JsonReader(json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("Expected a JSON object.");
        bool isTable = false;
        int rowsStart = -1, rowsLength = 0;
        TableLayout? columns = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                isTable = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Table"u8);
            }
            else if (reader.ValueTextEquals("columnDefinitions"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                columns = ReadColumns(ref reader);
            }
            else if (reader.ValueTextEquals("rows"u8))
            {
                reader.Read();
                rowsStart = (int)reader.TokenStartIndex;
                reader.Skip();
                rowsLength = (int)reader.BytesConsumed - rowsStart;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!isTable) return decode(json);

        if (columns is not null && columns.Columns.Count > 0) layout = columns;
        if (rowsStart < 0) throw new JsonException("The Table has no rows.");
        var rows = new Utf8JsonReader(json.Span.Slice(rowsStart, rowsLength));
        rows.Read();
        if (rows.TokenType != JsonTokenType.StartArray || !rows.Read() || rows.TokenType != JsonTokenType.StartObject)
            throw new JsonException("The Table has no row for its object.");
        int rowStart = rowsStart + (int)rows.TokenStartIndex;
        rows.Skip();
        int rowLength = rowsStart + (int)rows.BytesConsumed - rowStart;
        var cells = ReadRow(json.Span.Slice(rowStart, rowLength), out int objectStart, out int objectLength);
        if (objectLength == 0)
            throw new JsonException("The Table row carries no object (the request must ask for includeObject=Object).");
        var obj = decode(json.Slice(rowStart + objectStart, objectLength));
        if (obj is not null && layout is not null) TableRows.Attach(obj, new TableRow(layout, cells));
        return obj;
    }

    private static object?[] ReadCells(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return Array.Empty<object?>();
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected a table row's cells to be an array, found {reader.TokenType}.");
        var cells = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            cells.Add(ReadCell(ref reader));
        return cells.ToArray();
    }

    private static object? ReadCell(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // In a streamed list the rows share their repeated cells ("Running", "1/1", "<none>").
                if (ListStringPool.Current is { } pool && !reader.ValueIsEscaped && !reader.HasValueSequence && pool.Get(reader.ValueSpan) is { } pooled)
                    return pooled;
                return reader.GetString();
            case JsonTokenType.Number:
                // Whole numbers stay integers (a conditional expression would widen them to double).
                if (reader.TryGetInt64(out long l)) return l;
                return reader.GetDouble();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                // A list or a map: kept as the text Go's fmt.Sprint gives it ([a b], map[k:v]).
                var text = new StringBuilder();
                AppendNested(ref reader, text);
                return text.ToString();
        }
    }

    private static void AppendNested(ref Utf8JsonReader reader, StringBuilder text)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
            {
                text.Append('[');
                bool first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) text.Append(' ');
                    first = false;
                    AppendNested(ref reader, text);
                }
                text.Append(']');
                break;
            }
            case JsonTokenType.StartObject:
            {
                var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string key = reader.GetString()!;
                    reader.Read();
                    var value = new StringBuilder();
                    AppendNested(ref reader, value);
                    members[key] = value.ToString();
                }
                text.Append("map[");
                bool first = true;
                foreach (var member in members)
                {
                    if (!first) text.Append(' ');
                    first = false;
                    text.Append(member.Key).Append(':').Append(member.Value);
                }
                text.Append(']');
                break;
            }
            case JsonTokenType.String:
                text.Append(reader.GetString());
                break;
            case JsonTokenType.Null:
                text.Append("<nil>");
                break;
            default:
                text.Append(TableCellText.Format(ReadCell(ref reader)));
                break;
        }
    }
}

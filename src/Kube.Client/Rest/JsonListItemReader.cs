using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Rest;

/// <summary>
/// Reads a list response ({"apiVersion", "kind", "metadata", "items": [...]}) from a stream and
/// decodes its items one at a time as their bytes arrive, so the first item is ready long before
/// the last one is read and no more than one item's bytes (plus a read's worth) are buffered.
/// With <c>shareStrings</c> the items share their repeated short strings (<see cref="ListStringPool"/>):
/// worth it where the caller keeps the items (a whole list, an informer's store), since fewer live
/// objects leave the garbage collector less to promote; a cost where each item is dropped after use.
/// </summary>
internal sealed class JsonListItemReader<T> : StreamedJsonReader
{
    private static readonly byte[] ItemsName = "items"u8.ToArray();
    private static readonly byte[] MetadataName = "metadata"u8.ToArray();
    private static readonly byte[] ApiVersionName = "apiVersion"u8.ToArray();
    private static readonly byte[] KindName = "kind"u8.ToArray();

    private readonly JsonTypeInfo<T> _itemInfo;
    private readonly ListStringPool? _strings;
    private Phase _phase;

    public JsonListItemReader(Stream stream, JsonTypeInfo<T> itemInfo, int initialSize = DefaultInitialSize, bool shareStrings = false)
        : base(stream, initialSize)
    {
        _itemInfo = itemInfo ?? throw new ArgumentNullException(nameof(itemInfo));
        if (shareStrings) _strings = new ListStringPool();
    }

    private enum Phase
    {
        BeforeList,
        InList,
        ItemsValue,
        MetadataValue,
        ApiVersionValue,
        KindValue,
        OtherValue,
        InItems,
        Done,
    }

    /// <summary>The list's metadata (resourceVersion, continue); the API server writes it before the items.</summary>
    public ListMeta? Metadata { get; private set; }

    /// <summary>The list's apiVersion and kind ("v1", "PodList"), once read.</summary>
    public string? ApiVersion { get; private set; }

    public string? Kind { get; private set; }

    /// <summary>The last item read; valid after <see cref="ReadAsync"/> returned true.</summary>
    public T Current { get; private set; } = default!;

    /// <summary>Reads the next item; false once the list has ended (what follows it is ignored).</summary>
    /// <exception cref="JsonException">The body is not a list, or ends inside one.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => ReadPieceAsync(cancellationToken);

    protected override bool IsDone => _phase == Phase.Done;

    protected override string EndedEarly(int bytes) =>
        $"The list ended early: the body stopped after {bytes} bytes, inside the {(_phase == Phase.InItems ? "items" : "list")}";

    protected override Step TryRead()
    {
        while (true)
        {
            if (_phase == Phase.Done) return Step.End;
            var reader = CreateReader();
            if (!reader.Read()) return Step.NeedMore;
            switch (_phase)
            {
                case Phase.BeforeList:
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"Expected a list object, found {reader.TokenType}.");
                    Commit(ref reader, Phase.InList);
                    break;

                case Phase.InList:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        Commit(ref reader, Phase.Done);
                        return Step.End;
                    }
                    // Only property names can follow at this depth: the reader validates the JSON.
                    var next = reader.ValueTextEquals(ItemsName) ? Phase.ItemsValue
                        : reader.ValueTextEquals(MetadataName) ? Phase.MetadataValue
                        : reader.ValueTextEquals(ApiVersionName) ? Phase.ApiVersionValue
                        : reader.ValueTextEquals(KindName) ? Phase.KindValue
                        : Phase.OtherValue;
                    Commit(ref reader, next);
                    break;

                case Phase.ItemsValue:
                    if (reader.TokenType == JsonTokenType.Null) Commit(ref reader, Phase.InList);
                    else if (reader.TokenType == JsonTokenType.StartArray) Commit(ref reader, Phase.InItems);
                    else throw new JsonException($"Expected the list's items to be an array, found {reader.TokenType}.");
                    break;

                case Phase.ApiVersionValue:
                case Phase.KindValue:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (_phase == Phase.ApiVersionValue) ApiVersion = reader.GetString();
                        else Kind = reader.GetString();
                        Commit(ref reader, Phase.InList);
                        break;
                    }
                    goto case Phase.OtherValue;

                case Phase.MetadataValue:
                case Phase.OtherValue:
                {
                    int start = (int)reader.TokenStartIndex;
                    bool isMetadata = _phase == Phase.MetadataValue && reader.TokenType == JsonTokenType.StartObject;
                    if (!reader.TrySkip()) return Step.NeedMore;
                    if (isMetadata) Metadata = JsonSerializer.Deserialize(ValueSpan(ref reader, start), KubeJsonContext.Default.MetaV1ListMeta);
                    Commit(ref reader, Phase.InList);
                    break;
                }

                case Phase.InItems:
                {
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        Commit(ref reader, Phase.InList);
                        break;
                    }
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        Commit(ref reader, Phase.InItems);
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"Expected an object in the list's items, found {reader.TokenType}.");
                    int start = (int)reader.TokenStartIndex;
                    // The whole item must be in the buffer before it is decoded; the scan is cheap next to the decode.
                    if (!reader.TrySkip()) return Step.NeedMore;
                    if (_strings is null)
                    {
                        Current = JsonSerializer.Deserialize(ValueSpan(ref reader, start), _itemInfo)!;
                    }
                    else
                    {
                        using (_strings.Enter())
                            Current = JsonSerializer.Deserialize(ValueSpan(ref reader, start), _itemInfo)!;
                    }
                    Commit(ref reader, Phase.InItems);
                    return Step.Piece;
                }
            }
        }
    }

    private void Commit(ref Utf8JsonReader reader, Phase next)
    {
        Commit(ref reader);
        _phase = next;
    }
}

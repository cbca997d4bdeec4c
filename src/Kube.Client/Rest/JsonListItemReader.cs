using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;

using Kube.Client.Internal;

namespace Kube.Client.Rest;

/// <summary>
/// Reads a list response ({"apiVersion", "kind", "metadata", "items": [...]}) from a stream and
/// decodes its items one at a time as their bytes arrive, so the first item is ready long before
/// the last one is read and no more than one item's bytes (plus a read's worth) are buffered. The
/// buffer comes from the shared pool and grows to the largest item; the tokenizer's state is kept
/// between reads, so bytes before the current item are never scanned twice.
/// </summary>
internal sealed class JsonListItemReader<T> : IAsyncDisposable
{
    private const int InitialSize = 64 * 1024;

    private static readonly byte[] ItemsName = "items"u8.ToArray();
    private static readonly byte[] MetadataName = "metadata"u8.ToArray();
    private static readonly byte[] ApiVersionName = "apiVersion"u8.ToArray();
    private static readonly byte[] KindName = "kind"u8.ToArray();

    private readonly Stream _stream;
    private readonly JsonTypeInfo<T> _itemInfo;
    private byte[] _buffer;
    private int _position;   // first byte not yet consumed by a committed token
    private int _end;        // end of the bytes read
    private bool _eof;
    private JsonReaderState _state;
    private Phase _phase;

    public JsonListItemReader(Stream stream, JsonTypeInfo<T> itemInfo, int initialSize = InitialSize)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _itemInfo = itemInfo ?? throw new ArgumentNullException(nameof(itemInfo));
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialSize));
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
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Step step;
            try
            {
                step = TryRead();
            }
            catch (JsonException e) when (_eof && _phase != Phase.Done)
            {
                // With the last bytes in, the tokenizer itself reports a body that stops mid-value.
                throw new JsonException($"The list ended early: the body stopped after {_end} bytes, inside the {(_phase == Phase.InItems ? "items" : "list")} ({e.Message}).", e);
            }
            switch (step)
            {
                case Step.Item:
                    return true;
                case Step.End:
                    return false;
            }
            if (_eof)
                throw new JsonException($"The list ended early: the body stopped after {_end} bytes, inside the {(_phase == Phase.InItems ? "items" : "list")}.");
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private enum Step
    {
        Item,
        NeedMore,
        End,
    }

    private Step TryRead()
    {
        while (true)
        {
            if (_phase == Phase.Done) return Step.End;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _position, _end - _position), _eof, _state);
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
                    if (isMetadata)
                    {
                        var bytes = new ReadOnlySpan<byte>(_buffer, _position + start, (int)reader.BytesConsumed - start);
                        Metadata = JsonSerializer.Deserialize(bytes, KubeJsonContext.Default.MetaV1ListMeta);
                    }
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
                    var item = new ReadOnlySpan<byte>(_buffer, _position + start, (int)reader.BytesConsumed - start);
                    Current = JsonSerializer.Deserialize(item, _itemInfo)!;
                    Commit(ref reader, Phase.InItems);
                    return Step.Item;
                }
            }
        }
    }

    private void Commit(ref Utf8JsonReader reader, Phase next)
    {
        _position += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        _phase = next;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        int pending = _end - _position;
        if (_position > 0 && (pending == 0 || _end == _buffer.Length || _position > _buffer.Length / 2))
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, pending);
            _position = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) PooledBuffers.Grow(ref _buffer, 0, _end);
        int read = await PooledBuffers.ReadAsync(_stream, _buffer, _end, cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        return default;
    }
}

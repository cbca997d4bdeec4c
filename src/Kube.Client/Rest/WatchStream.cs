using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using Kube.Client.Serialization.Protobuf;

namespace Kube.Client.Rest;

/// <summary>
/// Reads a watch answer frame by frame (newline-delimited JSON, or length-prefixed protobuf when the
/// server chose it) and decodes each frame into a <see cref="WatchEvent{T}"/>. A cut connection is a
/// <see cref="KubeConnectionException"/>; an ERROR event ends the stream with the server's Status.
/// </summary>
internal static class WatchStream
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Request request, Func<ReadOnlyMemory<byte>, T?> decodeJson, ProtobufCodec<T>? protobuf,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var call = await RequestSender.SendAsync(request, watch: true, ct).ConfigureAwait(false);
        using var stream = await call.Response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var decoder = new WatchEventDecoder<T>(decodeJson, call.Request.Description);
        bool inProtobuf = protobuf is not null && MediaTypes.IsProtobuf(call.MediaType);
        await using var jsonFrames = inProtobuf ? null : new JsonFrameReader(stream);
        await using var protobufFrames = inProtobuf ? new ProtobufFrameReader(stream) : null;
        while (true)
        {
            ReadOnlyMemory<byte> frame;
            try
            {
                if (inProtobuf)
                {
                    if (!await protobufFrames!.ReadFrameAsync(ct).ConfigureAwait(false)) yield break;
                    frame = protobufFrames.Current;
                }
                else
                {
                    if (!await jsonFrames!.ReadFrameAsync(ct).ConfigureAwait(false)) yield break;
                    frame = jsonFrames.Current;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                var client = call.Request.Client;
                throw new KubeConnectionException($"The watch stream of {call.Request.Description} from {client.DescribeServer()} was cut: {e.Message}", client.Config.Host, e);
            }
            yield return inProtobuf ? decoder.DecodeProtobuf(frame.Span, protobuf!) : decoder.Decode(frame);
        }
    }
}

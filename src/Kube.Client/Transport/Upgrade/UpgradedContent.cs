using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Kube.Client.Transport.Upgrade;

/// <summary>
/// Content that hands out its stream as it is (StreamContent would wrap it read-only): the
/// connection itself after a 101, so the caller can write to it as well.
/// </summary>
internal sealed class UpgradedContent : HttpContent
{
    private readonly Stream _stream;

    public UpgradedContent(Stream stream) => _stream = stream;

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _stream.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }
}

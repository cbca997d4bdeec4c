using System.IO;
using System.Linq;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Internal;

public sealed class PooledBuffersUseTests
{
    [Fact]
    public void Every_rented_byte_buffer_of_the_library_goes_back_through_PooledBuffers()
    {
        // ArrayPool<byte>.Shared keeps whatever it is given, of any size, until it is rented again: a buffer that grew
        // to one large body would stay held for the life of the process. PooledBuffers.Return drops those.
        string src = TestFiles.ClientProject;
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && Path.GetFileName(f) != "PooledBuffers.cs")
            .Where(f => File.ReadAllText(f).Contains("ArrayPool<byte>.Shared.Return("))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();

        Assert.Empty(offenders);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Cache;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Tests.Fakes;

/// <summary>A <see cref="FakeApiServer"/>'s ConfigMaps as Unstructured objects, for what works on dynamic informers.</summary>
public sealed class UnstructuredView : IListerWatcher<Unstructured>
{
    private readonly FakeApiServer _server;

    public UnstructuredView(FakeApiServer server)
    {
        _server = server;
    }

    public async Task<IKubeList<Unstructured>> ListAsync(ListOptions options, CancellationToken cancellationToken)
    {
        var list = await _server.ListAsync(options, cancellationToken);
        var view = new UnstructuredList("v1", "ConfigMapList") { ResourceVersion = list.Metadata?.ResourceVersion, Continue = list.Metadata?.Continue };
        view.Items.AddRange(list.Items!.Select(UnstructuredConverter.ToUnstructured));
        return view;
    }

    public async IAsyncEnumerable<WatchEvent<Unstructured>> WatchAsync(ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in _server.WatchAsync(options, cancellationToken))
            yield return new WatchEvent<Unstructured>(e.Type, UnstructuredConverter.ToUnstructured(e.Object));
    }
}

using System;
using System.Threading;
using Kube.Client.Cache;

namespace Kube.PowerShell.Connection;

/// <summary>
/// A command's hold on a shared informer of <see cref="ContextInformers"/>: the informer runs at least
/// until the lease is disposed. Handlers the command added must be removed by the command.
/// </summary>
public sealed class InformerLease<T> : IDisposable
    where T : class
{
    private Action? _release;

    internal InformerLease(SharedIndexInformer<T> informer, Action release)
    {
        Informer = informer;
        _release = release;
    }

    /// <summary>The informer, started; shared with other commands, so never stopped or changed by one of them.</summary>
    public SharedIndexInformer<T> Informer { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}

using System;
using System.Threading;

namespace Kube.Client.Rest;

/// <summary>
/// The listener for the current async flow. A RestClient is shared by every caller of a context,
/// so per-call sinks (one cmdlet's warnings) travel with the flow, not with the client.
/// </summary>
public static class RequestListenerScope
{
    private static readonly AsyncLocal<IRequestListener?> CurrentListener = new();

    public static IRequestListener? Current => CurrentListener.Value;

    public static IDisposable Push(IRequestListener listener)
    {
        var previous = CurrentListener.Value;
        CurrentListener.Value = listener ?? throw new ArgumentNullException(nameof(listener));
        return new Pop(previous);
    }

    private sealed class Pop : IDisposable
    {
        private readonly IRequestListener? _previous;
        private bool _done;

        public Pop(IRequestListener? previous) => _previous = previous;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            CurrentListener.Value = _previous;
        }
    }
}

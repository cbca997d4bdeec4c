using System;

namespace Kube.Client.Cache;

/// <summary>A <see cref="DeltaFIFO{T}"/> was closed and has nothing left to pop.</summary>
public sealed class FifoClosedException : InvalidOperationException
{
    public FifoClosedException()
        : base("the DeltaFIFO is closed and empty")
    {
    }
}

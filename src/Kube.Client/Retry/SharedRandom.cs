using System;
using System.Threading;

namespace Kube.Client.Retry;

/// <summary>A Random per thread (Random.Shared does not exist on netstandard2.0).</summary>
internal static class SharedRandom
{
    private static int _seed = Environment.TickCount;
    private static readonly ThreadLocal<Random> Local = new(() => new Random(Interlocked.Increment(ref _seed)));

    public static Random Value => Local.Value!;
}

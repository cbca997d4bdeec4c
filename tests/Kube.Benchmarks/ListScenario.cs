using System;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Benchmarks;

/// <summary>One way of listing a collection in process; it returns how many items it saw, so a broken client cannot look fast.</summary>
public sealed record ListScenario(string Name, Floor Floor, Func<CancellationToken, Task<int>> ListAsync, string Note = "")
{
    /// <summary>For a client measured outside this process (client-go): it returns its own sample.</summary>
    public Func<CancellationToken, Task<(int Items, Sample Sample)>>? MeasuredAsync { get; init; }
}

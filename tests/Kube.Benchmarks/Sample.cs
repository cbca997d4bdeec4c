namespace Kube.Benchmarks;

/// <summary>One measured run: wall time and the bytes allocated on the managed heap meanwhile (null when not measurable).</summary>
public readonly record struct Sample(double Seconds, long? AllocatedBytes);

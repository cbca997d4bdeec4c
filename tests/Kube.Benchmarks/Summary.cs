using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Benchmarks;

/// <summary>Median, minimum and maximum of a set of values.</summary>
public readonly record struct Summary(double Median, double Min, double Max, int Count)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values to summarise", nameof(values));
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }
}

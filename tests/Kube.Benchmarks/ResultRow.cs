using System.Collections.Generic;
using System.Linq;

namespace Kube.Benchmarks;

/// <summary>One line of the results table. Figures are seconds unless <see cref="Unit"/> says otherwise.</summary>
public sealed class ResultRow
{
    public ResultRow(string section, string name)
    {
        Section = section;
        Name = name;
    }

    public string Section { get; }

    public string Name { get; }

    public List<Sample> Samples { get; } = new();

    /// <summary>"s" for times; otherwise the unit of a single figure such as "events/s" or "bytes/object".</summary>
    public string Unit { get; init; } = "s";

    /// <summary>A figure that is not a time (events/s, bytes per object...).</summary>
    public double? Value { get; set; }

    public Floor Floor { get; init; } = Floor.None;

    /// <summary>The key of the floor row this row is compared with (its section's raw GET).</summary>
    public string? FloorKey { get; init; }

    /// <summary>
    /// The floor row's name in <see cref="FloorKey"/>'s section when it is not a list's raw GET
    /// (the stream rows: "raw GET /log (floor)", "direct to the pod IP (floor)").
    /// </summary>
    public string? FloorName { get; init; }

    /// <summary>Bytes moved in each run: the table then shows MB/s (10^6 bytes) instead of seconds.</summary>
    public long? BytesPerRun { get; set; }

    /// <summary>A ratio given by the row itself (memory per object over JSON size), shown where the floor ratio goes.</summary>
    public double? Ratio { get; set; }

    /// <summary>What <see cref="Ratio"/> compares with, for the table ("JSON size").</summary>
    public string RatioBasis { get; set; } = "";

    public string Note { get; set; } = "";

    public string? Error { get; set; }

    /// <summary>A row that read wrongly once shows no figures at all.</summary>
    public void Fail(string error)
    {
        Samples.Clear();
        Error = error;
    }

    public Summary? Time => Samples.Count == 0 ? null : Summary.Of(Samples.Select(s => s.Seconds));

    public Summary? Allocated
    {
        get
        {
            var bytes = Samples.Where(s => s.AllocatedBytes is not null).Select(s => (double)s.AllocatedBytes!.Value).ToList();
            return bytes.Count == 0 ? null : Summary.Of(bytes);
        }
    }
}

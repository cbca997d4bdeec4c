using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Kube.Benchmarks;

/// <summary>
/// The controller images' sizes (issue 11) from what build.ps1 Image wrote beside each archive
/// (out/images/NAME.json), and the rolling-update hand-over the in-cluster tests measured
/// (out/test-results/incluster-handover-*.json). Nothing here is timed by the harness itself.
/// </summary>
public static class InClusterFigures
{
    public static readonly string[] Images = { "ingress-controller", "runner" };

    public static IEnumerable<ResultRow> ImageRows(string section, string repoRoot)
    {
        foreach (string name in Images)
        {
            string file = Path.Combine(repoRoot, "out", "images", name + ".json");
            if (!File.Exists(file))
            {
                yield return new ResultRow(section, $"image {name}") { Error = $"no {Path.GetRelativePath(repoRoot, file)}: run ./build.ps1 Image" };
                continue;
            }
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            string reference = root.GetProperty("Reference").GetString() ?? name;
            double compressed = root.GetProperty("CompressedBytes").GetDouble();
            double unpacked = root.GetProperty("UnpackedBytes").GetDouble();
            var layers = root.GetProperty("Layers").EnumerateArray()
                .Select(l => (l.GetProperty("UnpackedBytes").GetDouble() / (1 << 20)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB")
                .ToList();
            yield return new ResultRow(section, $"{reference}, compressed (what an import or pull moves)")
            {
                Unit = "MiB",
                Value = compressed / (1 << 20),
            };
            yield return new ResultRow(section, $"{reference}, unpacked (on the node)")
            {
                Unit = "MiB",
                Value = unpacked / (1 << 20),
                Note = $"layers unpacked: {string.Join(" + ", layers)} (the first is the Debian base layer)",
            };
        }
    }

    /// <summary>Hand-over times of rolling updates, as the in-cluster tests recorded them.</summary>
    public static IEnumerable<ResultRow> HandoverRows(string section, string repoRoot)
    {
        string folder = Path.Combine(repoRoot, "out", "test-results");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "incluster-handover-*.json").OrderBy(f => f).ToList() : new List<string>();
        if (files.Count == 0)
        {
            yield return new ResultRow(section, "rolling update: Lease hand-over") { Error = "no out/test-results/incluster-handover-*.json: run the in-cluster tests (InClusterControllerTests, InClusterController.Tests.ps1)" };
            yield break;
        }
        foreach (string file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            var row = new ResultRow(section, $"rolling update: Lease hand-over, {root.GetProperty("Controller").GetString()}")
            {
                Note = $"release to acquire, from the Lease's times; measured by {root.GetProperty("Test").GetString()} at {root.GetProperty("Date").GetString()}, load {root.GetProperty("Load").GetString()}",
            };
            foreach (var seconds in root.GetProperty("Seconds").EnumerateArray()) row.Samples.Add(new Sample(seconds.GetDouble(), null));
            yield return row;
        }
    }
}

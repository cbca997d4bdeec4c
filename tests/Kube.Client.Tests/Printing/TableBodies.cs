using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Tests.Support;

namespace Kube.Client.Tests.Printing;

/// <summary>Table bodies as the API server writes them: metadata, columnDefinitions, then rows of cells and the object.</summary>
internal static class TableBodies
{
    public static readonly JsonArray PodColumns = new()
    {
        Column("Name", "string", "name", 0),
        Column("Ready", "string", "", 0),
        Column("Restarts", "integer", "", 0),
        Column("Age", "string", "", 0),
        Column("IP", "string", "", 1),
    };

    public static JsonObject Column(string name, string type, string format, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = "the " + name + " of it",
        ["priority"] = priority,
    };

    public static List<Pod> Pods(int count)
    {
        var template = Json.Read<Pod>(TestFiles.ReadTestData("pod-1.20.json"));
        return Enumerable.Range(0, count).Select(i =>
        {
            var pod = Json.Read<Pod>(Json.Write(template));
            pod.Metadata!.Name = $"pod-{i}";
            pod.Metadata.Labels = new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quote\"d"] = "é中\n" };
            return pod;
        }).ToList();
    }

    public static JsonArray Cells(int i) => new() { $"pod-{i}", $"{i % 2}/1", i, "5m", i % 3 == 0 ? null : "10.0.0." + i };

    /// <summary>A Table of the pods; without columns when <paramref name="withColumns"/> is false (a watch's later events).</summary>
    public static string Table(IReadOnlyList<Pod> pods, string? continueToken = null, bool withColumns = true, bool rowsFirst = false)
    {
        var rows = new JsonArray();
        for (int i = 0; i < pods.Count; i++)
            rows.Add(new JsonObject { ["cells"] = Cells(i), ["object"] = JsonNode.Parse(Json.Write(pods[i])) });
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = JsonNode.Parse(Json.Write(new ListMeta { ResourceVersion = "42", Continue = continueToken })),
        };
        if (rowsFirst) table["rows"] = rows;
        if (withColumns) table["columnDefinitions"] = PodColumns.DeepClone();
        if (!rowsFirst) table["rows"] = rows;
        return table.ToJsonString();
    }
}

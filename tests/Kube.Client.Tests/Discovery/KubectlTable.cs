using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Tests.Discovery;

/// <summary>
/// Reads kubectl's column output (api-resources): each column starts where its header starts.
/// </summary>
public static class KubectlTable
{
    public static List<Dictionary<string, string>> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        var header = lines[0];
        var columns = new List<(string Name, int Start)>();
        for (int i = 0; i < header.Length; i++)
            if (header[i] != ' ' && (i == 0 || header[i - 1] == ' '))
                columns.Add((header.Substring(i).Split(' ')[0], i));
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < columns.Count; c++)
            {
                int start = columns[c].Start;
                int end = c + 1 < columns.Count ? columns[c + 1].Start : line.Length;
                row[columns[c].Name] = start >= line.Length ? "" : line.Substring(start, Math.Min(end, line.Length) - start).Trim();
            }
            rows.Add(row);
        }
        return rows;
    }
}

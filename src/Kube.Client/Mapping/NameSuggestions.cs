using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Discovery;

namespace Kube.Client.Mapping;

/// <summary>Close names for a miss ("podz" → "pods"), by edit distance with adjacent transpositions.</summary>
internal static class NameSuggestions
{
    private const int MaxSuggestions = 3;

    /// <param name="term">The name part of what was asked for, without group or version.</param>
    /// <param name="group">The group asked for; "" when none. A resource of another group counts one edit further away.</param>
    public static IReadOnlyList<string> For(string term, string group, IEnumerable<APIResourceInfo> resources)
    {
        term = term.Trim().ToLowerInvariant();
        group = group.Trim().ToLowerInvariant();
        if (term.Length == 0) return Array.Empty<string>();
        int limit = term.Length <= 3 ? 1 : term.Length <= 6 ? 2 : 3;

        var scored = new List<(int Distance, int Rank, string Name)>();
        int rank = 0;
        foreach (var r in resources)
        {
            rank++;
            int penalty = group.Length > 0 && r.Group != group ? 1 : 0;
            (int Distance, string Name)? best = null;
            foreach (var candidate in Candidates(r))
            {
                int d = Distance(term, candidate.ToLowerInvariant()) + penalty;
                if (best is null || d < best.Value.Distance) best = (d, candidate);
            }
            if (best is { } b && b.Distance >= 1 && b.Distance <= limit)
                scored.Add((b.Distance, rank, group.Length > 0 && r.Group.Length > 0 ? b.Name + "." + r.Group : b.Name));
        }
        return scored
            .OrderBy(s => s.Distance).ThenBy(s => s.Rank)
            .Select(s => s.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxSuggestions)
            .ToList();
    }

    /// <summary>Appends "; did you mean "pods"?" when there is something to suggest.</summary>
    public static string Append(string message, IReadOnlyList<string> suggestions)
    {
        if (suggestions.Count == 0) return message;
        var quoted = suggestions.Select(s => "\"" + s + "\"").ToList();
        string list = quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Count - 1)) + " or " + quoted[quoted.Count - 1];
        return message + "; did you mean " + list + "?";
    }

    private static IEnumerable<string> Candidates(APIResourceInfo r)
    {
        // The plural first, so that a tie suggests the plural, as kubectl users write it.
        yield return r.Name;
        yield return r.SingularName;
        yield return r.Kind;
        foreach (var s in r.ShortNames) yield return s;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Kube.Client.Rest;

namespace Kube.Client.Apply;

/// <summary>
/// Reads the conflicts of a failed server-side apply from the server's 409 Status: one cause per
/// field, with reason FieldManagerConflict and a message such as <c>conflict with "m1" using apps/v1</c>.
/// </summary>
public static class ApplyConflicts
{
    public const string CauseReason = "FieldManagerConflict";

    private static readonly Regex ManagerPattern = new("conflict with \"(?<manager>(?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="error"/> is a 409 whose causes name field managers (not a resourceVersion conflict).</summary>
    public static bool IsApplyConflict(Exception? error) =>
        error is KubeApiException { StatusCode: 409 } api && api.Causes.Any(c => c.Reason == CauseReason);

    /// <summary>The conflicting fields with their managers, in the server's order.</summary>
    public static IReadOnlyList<FieldManagerConflict> From(KubeApiException error)
    {
        if (error is null) throw new ArgumentNullException(nameof(error));
        var conflicts = new List<FieldManagerConflict>();
        foreach (var cause in error.Causes)
        {
            if (cause.Reason != CauseReason) continue;
            string message = cause.Message ?? "";
            var match = ManagerPattern.Match(message);
            string manager = match.Success ? match.Groups["manager"].Value.Replace("\\\"", "\"") : "(unknown manager)";
            conflicts.Add(new FieldManagerConflict(manager, cause.Field ?? "", message));
        }
        return conflicts;
    }

    /// <summary>"2 fields owned by other managers: .data.a (owned by "m1"), .spec.replicas (owned by "hpa")".</summary>
    public static string Describe(IReadOnlyList<FieldManagerConflict> conflicts)
    {
        if (conflicts is null) throw new ArgumentNullException(nameof(conflicts));
        if (conflicts.Count == 0) return "no field conflicts were reported";
        string noun = conflicts.Count == 1 ? "field" : "fields";
        return $"{conflicts.Count} {noun} owned by other managers: " + string.Join(", ", conflicts.Select(c => c.ToString()));
    }

    /// <summary>The distinct managers named by the conflicts, in order.</summary>
    public static IReadOnlyList<string> Managers(IReadOnlyList<FieldManagerConflict> conflicts) =>
        conflicts.Select(c => c.Manager).Distinct(StringComparer.Ordinal).ToList();
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Kube.Client.Operations;

namespace Kube.PowerShell.Cmdlets;

/// <summary>
/// The -Name values of a Get/Remove command, split as <see cref="GetQuery"/> takes them: exact names
/// (each fetched or deleted on its own; a miss is an error, as kubectl reports it) and PowerShell
/// wildcard patterns (matched without case against a list; no match is not an error).
/// </summary>
internal static class NamePatterns
{
    public const string NameWithSelector = nameof(NameWithSelector);

    /// <summary>The names without wildcard characters, each once.</summary>
    public static IReadOnlyList<string> Exact(IEnumerable<string>? names) =>
        (names ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrEmpty(n) && !WildcardPattern.ContainsWildcardCharacters(n)).Distinct().ToList();

    /// <summary>True for a name any wildcard pattern of <paramref name="names"/> matches; null when there is no pattern.</summary>
    public static Func<string, bool>? Pattern(IEnumerable<string>? names) =>
        Matcher((names ?? Enumerable.Empty<string>()).Where(WildcardPattern.ContainsWildcardCharacters));

    /// <summary>True for a name any of <paramref name="names"/> matches, each read as a pattern (plain names match themselves, without case); null for no names.</summary>
    public static Func<string, bool>? Matcher(IEnumerable<string>? names)
    {
        var patterns = (names ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrEmpty(n))
            .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        return patterns.Count == 0 ? null : name => patterns.Any(p => p.IsMatch(name));
    }

    /// <summary>
    /// The query of a Get command's parameters; exact names with a selector in one namespace (which
    /// kubectl refuses too) end the command with a NameWithSelector error.
    /// </summary>
    public static GetQuery Query(Cmdlet cmdlet, string[]? names, bool allNamespaces, string? labelSelector, string? fieldSelector, int pageSize)
    {
        var query = new GetQuery
        {
            Names = Exact(names),
            NamePattern = Pattern(names),
            AllNamespaces = allNamespaces,
            LabelSelector = labelSelector,
            FieldSelector = fieldSelector,
            PageSize = pageSize,
        };
        try
        {
            query.Validate();
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            var error = new ArgumentException("An exact name cannot be combined with -LabelSelector or -FieldSelector (as in kubectl); use a wildcard such as -Name 'web-*' to filter a selected list.", e);
            cmdlet.ThrowTerminatingError(new ErrorRecord(error, NameWithSelector, ErrorCategory.InvalidArgument, names));
        }
        return query;
    }
}

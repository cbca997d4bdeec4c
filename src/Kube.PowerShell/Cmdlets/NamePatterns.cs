using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Kube.PowerShell.Cmdlets;

/// <summary>
/// The -Name values of a Get/Remove command: exact names are fetched one by one (a miss is an
/// error, as kubectl reports it); wildcard patterns filter a list (no match is not an error).
/// </summary>
internal sealed class NamePatterns
{
    private readonly List<WildcardPattern> _patterns;

    public NamePatterns(IEnumerable<string>? names)
    {
        var all = (names ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).ToList();
        Exact = all.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).Distinct().ToList();
        _patterns = all.Where(WildcardPattern.ContainsWildcardCharacters)
            .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        All = all.Count == 0;
    }

    /// <summary>No -Name: everything.</summary>
    public bool All { get; }

    public IReadOnlyList<string> Exact { get; }

    public bool HasPatterns => _patterns.Count > 0;

    /// <summary>True when a list is needed (no names, or some wildcard).</summary>
    public bool NeedsList => All || HasPatterns;

    public bool MatchesPattern(string? name) => name is not null && (All || _patterns.Any(p => p.IsMatch(name)));
}

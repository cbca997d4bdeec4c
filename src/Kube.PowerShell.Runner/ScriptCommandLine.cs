using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Kube.PowerShell.Runner;

/// <summary>
/// Turns a script file and the words after it into the PowerShell text that calls it, binding the
/// words as a command line would (as <c>pwsh -File</c> does): <c>-Name</c> is a parameter name,
/// <c>-Name:value</c> a parameter with its value, and every other word a literal string (never
/// code), so a value from a manifest cannot inject script.
/// </summary>
public static class ScriptCommandLine
{
    private static readonly Regex ParameterName = new(@"^-[\p{L}_?][\p{L}\p{Nd}_-]*:?$", RegexOptions.CultureInvariant);
    private static readonly Regex ParameterWithValue = new(@"^(-[\p{L}_][\p{L}\p{Nd}_-]*):(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    public static string Build(string scriptPath, IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder("& ").Append(Quote(scriptPath));
        foreach (string argument in arguments)
        {
            text.Append(' ');
            if (ParameterName.IsMatch(argument))
            {
                text.Append(argument);
            }
            else if (ParameterWithValue.Match(argument) is { Success: true } match)
            {
                text.Append(match.Groups[1].Value).Append(':').Append(Literal(match.Groups[2].Value));
            }
            else
            {
                text.Append(Literal(argument));
            }
        }
        return text.ToString();
    }

    /// <summary>$true and $false stay booleans (for -Switch:$false); everything else is a quoted string.</summary>
    private static string Literal(string value) =>
        value is "$true" or "$false" ? value : Quote(value);

    /// <summary>A single-quoted PowerShell string: nothing in it is expanded.</summary>
    public static string Quote(string value) =>
        "'" + value.Replace("'", "''").Replace("\u2018", "\u2018\u2018").Replace("\u2019", "\u2019\u2019")
            .Replace("\u201A", "\u201A\u201A").Replace("\u201B", "\u201B\u201B") + "'";
}

using System.Management.Automation;

namespace Kube.PowerShell.Completion;

internal static class CompletionPattern
{
    public static WildcardPattern For(string? word)
    {
        string w = (word ?? "").Trim('\'', '"');
        return new WildcardPattern(w + "*", WildcardOptions.IgnoreCase);
    }

    /// <summary>Quotes a completion when PowerShell would otherwise split or misread it.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '$', '`', '\'', '"', '(', ')', ';', ',', '{', '}', '@', '#', '&', '|' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}

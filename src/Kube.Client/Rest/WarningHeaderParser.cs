using System.Collections.Generic;
using System.Text;

namespace Kube.Client.Rest;

/// <summary>
/// Parses RFC 7234 Warning header values (<c>299 - "text"</c>, several per header separated by
/// commas). Only code 299 with agent "-" is what the API server sends for deprecations and
/// validation warnings; others are ignored as client-go does.
/// </summary>
internal static class WarningHeaderParser
{
    public static IEnumerable<string> Parse(string header)
    {
        int i = 0;
        while (i < header.Length)
        {
            SkipSpacesAndCommas(header, ref i);
            if (i >= header.Length) yield break;

            int codeStart = i;
            while (i < header.Length && header[i] != ' ') i++;
            string code = header.Substring(codeStart, i - codeStart);
            SkipSpaces(header, ref i);

            int agentStart = i;
            while (i < header.Length && header[i] != ' ') i++;
            string agent = header.Substring(agentStart, i - agentStart);
            SkipSpaces(header, ref i);

            if (i >= header.Length || header[i] != '"')
            {
                SkipToComma(header, ref i);
                continue;
            }
            string? text = ReadQuoted(header, ref i);
            SkipToComma(header, ref i);
            if (text is not null && code == "299" && agent == "-") yield return text;
        }
    }

    private static string? ReadQuoted(string s, ref int i)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < s.Length)
        {
            char c = s[i++];
            if (c == '\\' && i < s.Length) { sb.Append(s[i++]); continue; }
            if (c == '"') return sb.ToString();
            sb.Append(c);
        }
        return null;
    }

    private static void SkipSpaces(string s, ref int i) { while (i < s.Length && s[i] == ' ') i++; }

    private static void SkipSpacesAndCommas(string s, ref int i) { while (i < s.Length && (s[i] == ' ' || s[i] == ',')) i++; }

    private static void SkipToComma(string s, ref int i)
    {
        bool quoted = false;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) return;
            i++;
        }
    }
}

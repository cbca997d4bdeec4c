using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kube.Client.Yaml;

/// <summary>
/// Decides what a plain (unquoted) YAML scalar means, with the YAML 1.1 rules of the library
/// kubectl reads manifests with (go-yaml v2 through sigs.k8s.io/yaml): so <c>yes</c>, <c>on</c>
/// and <c>0x1F</c> mean here what they mean to kubectl. The writer asks the same question to
/// know which strings must be quoted.
/// </summary>
internal static class YamlScalarResolver
{
    private static readonly Regex Int = new(@"^[-+]?(0|[1-9][0-9_]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Octal = new(@"^[-+]?0[0-7_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Hex = new(@"^[-+]?0x[0-9a-fA-F_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Binary = new(@"^[-+]?0b[01_]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Float = new(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex Sexagesimal = new(@"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$", RegexOptions.CultureInvariant);

    /// <summary>The JSON value of a plain scalar: null, bool, number or string.</summary>
    public static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
            case "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                // JSON has no infinities or NaN; kubectl fails to convert these too.
                throw new FormatException($"the value {text} has no JSON form; quote it to keep it as a string");
        }

        char first = text[0];
        if (!(first is >= '0' and <= '9' || first is '-' or '+' or '.')) return JsonValue.Create(text);

        string plain = text.Replace("_", "");
        if (Int.IsMatch(text) || Octal.IsMatch(text) || Hex.IsMatch(text) || Binary.IsMatch(text))
        {
            if (TryInteger(plain, out var node)) return node;
        }
        if (Float.IsMatch(text) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
            return JsonValue.Create(d);
        if (Sexagesimal.IsMatch(text)) return JsonValue.Create(text);
        return JsonValue.Create(text);
    }

    /// <summary>True when a string written plain would read back as something else (or not at all).</summary>
    public static bool NeedsQuotes(string value)
    {
        if (value.Length == 0) return true;
        JsonNode? resolved;
        try { resolved = Resolve(value); }
        catch (FormatException) { return true; }
        return resolved is not JsonValue v || !v.TryGetValue<string>(out _);
    }

    private static bool TryInteger(string text, out JsonNode? node)
    {
        node = null;
        bool negative = text.StartsWith("-", StringComparison.Ordinal);
        string digits = text.TrimStart('-', '+');
        int radix = 10;
        if (digits.StartsWith("0x", StringComparison.Ordinal)) { radix = 16; digits = digits.Substring(2); }
        else if (digits.StartsWith("0b", StringComparison.Ordinal)) { radix = 2; digits = digits.Substring(2); }
        else if (digits.Length > 1 && digits[0] == '0') { radix = 8; digits = digits.Substring(1); }
        if (digits.Length == 0) return false;

        ulong value = 0;
        foreach (char c in digits)
        {
            int digit = c <= '9' ? c - '0' : (char.ToLowerInvariant(c) - 'a' + 10);
            if (digit < 0 || digit >= radix) return false;
            ulong next = unchecked(value * (ulong)radix + (ulong)digit);
            if ((next - (ulong)digit) / (ulong)radix != value) return false; // overflow: not an integer we can hold
            value = next;
        }
        if (negative)
        {
            if (value > (ulong)long.MaxValue + 1) return false;
            node = JsonValue.Create(value == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)value);
        }
        else
        {
            node = value <= long.MaxValue ? JsonValue.Create((long)value) : JsonValue.Create(value);
        }
        return true;
    }
}

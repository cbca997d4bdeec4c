using System;
using System.Collections.Generic;
using System.Text;

namespace Kube.Generator.Naming;

/// <summary>Turns JSON and API names into C# identifiers.</summary>
public static class Identifiers
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>
    /// PascalCase from a JSON name: every run of letters and digits starts a word whose first letter
    /// is upper-cased and the rest kept ("apiVersion" → ApiVersion, "x-kubernetes-list-type" →
    /// XKubernetesListType, "$ref" → Ref, "externalIPs" → ExternalIPs). A name that would start
    /// with a digit gets a leading underscore; one with no letters or digits becomes "Value".
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool startWord = true;
        foreach (char c in name)
        {
            if (!IsAsciiLetterOrDigit(c))
            {
                startWord = true;
                continue;
            }
            builder.Append(startWord ? char.ToUpperInvariant(c) : c);
            startWord = false;
        }
        if (builder.Length == 0) return "Value";
        if (char.IsDigit(builder[0])) builder.Insert(0, '_');
        return Escape(builder.ToString());
    }

    /// <summary>Prefixes '@' to a C# keyword.</summary>
    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    public static bool IsKeyword(string identifier) => Keywords.Contains(identifier);

    /// <summary>A C# string literal for any text.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c > '~') builder.Append("\\u").Append(((int)c).ToString("x4"));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>"apps" → Apps, "v1beta1" → V1beta1: upper-cases the first letter only.</summary>
    public static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word.Substring(1);

    private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

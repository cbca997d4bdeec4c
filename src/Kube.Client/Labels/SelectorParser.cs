using System;
using System.Collections.Generic;

namespace Kube.Client.Labels;

/// <summary>
/// Parses the label selector syntax of the API server (apimachinery's labels.Parse): comma-separated
/// requirements <c>key</c>, <c>!key</c>, <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>,
/// <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key&gt;n</c> and <c>key&lt;n</c>. It accepts and
/// refuses what the server does, so a selector that parses here is one the server takes.
/// </summary>
internal sealed class SelectorParser
{
    private enum TokenKind
    {
        EndOfString,
        Identifier,
        ClosedParen,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenParen,
    }

    /// <summary>Where a token is read: "in" and "notin" are keywords only where an operator may stand.</summary>
    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    private readonly List<(TokenKind Kind, string Text)> _tokens;
    private int _position;

    private SelectorParser(string selector)
    {
        _tokens = Lex(selector);
    }

    /// <exception cref="FormatException">The selector is malformed; the message says where and why.</exception>
    public static List<Requirement> Parse(string selector)
    {
        var parser = new SelectorParser(selector);
        try
        {
            return parser.ParseAll();
        }
        catch (FormatException e)
        {
            throw new FormatException($"invalid label selector \"{selector}\": {e.Message}", e);
        }
    }

    private List<Requirement> ParseAll()
    {
        var requirements = new List<Requirement>();
        while (true)
        {
            var (kind, text) = Peek(Context.Values);
            switch (kind)
            {
                case TokenKind.Identifier:
                case TokenKind.DoesNotExist:
                    requirements.Add(ParseRequirement());
                    var (next, nextText) = Consume(Context.Values);
                    if (next == TokenKind.EndOfString) return requirements;
                    if (next != TokenKind.Comma) throw Unexpected(nextText, "',' or the end of the selector");
                    var (after, afterText) = Peek(Context.Values);
                    if (after != TokenKind.Identifier && after != TokenKind.DoesNotExist)
                        throw Unexpected(afterText, "a key or '!' after ','");
                    break;
                case TokenKind.EndOfString:
                    return requirements;
                default:
                    throw Unexpected(text, "'!', a key, or the end of the selector");
            }
        }
    }

    private Requirement ParseRequirement()
    {
        var (kind, key) = Consume(Context.Values);
        bool negated = false;
        if (kind == TokenKind.DoesNotExist)
        {
            negated = true;
            (kind, key) = Consume(Context.Values);
        }
        if (kind != TokenKind.Identifier) throw Unexpected(key, "a key");
        if (LabelValidation.KeyError(key) is { } keyError) throw new FormatException($"invalid label key \"{key}\": {keyError}");

        // "!key" always stands alone; "key" stands alone when followed by ',' or the end.
        if (negated) return Create(key, SelectorOperator.DoesNotExist, null);
        var (following, _) = Peek(Context.Values);
        if (following is TokenKind.EndOfString or TokenKind.Comma) return Create(key, SelectorOperator.Exists, null);

        var op = ParseOperator();
        var values = op is SelectorOperator.In or SelectorOperator.NotIn ? ParseValueSet() : ParseSingleValue();
        return Create(key, op, values);
    }

    private static Requirement Create(string key, SelectorOperator op, List<string>? values) =>
        Requirement.TryCreate(key, op, values, out string? error) ?? throw new FormatException(error);

    private SelectorOperator ParseOperator()
    {
        var (kind, text) = Consume(Context.KeyAndOperator);
        return kind switch
        {
            TokenKind.In => SelectorOperator.In,
            TokenKind.NotIn => SelectorOperator.NotIn,
            TokenKind.Equals => SelectorOperator.Equals,
            TokenKind.DoubleEquals => SelectorOperator.DoubleEquals,
            TokenKind.NotEquals => SelectorOperator.NotEquals,
            TokenKind.GreaterThan => SelectorOperator.GreaterThan,
            TokenKind.LessThan => SelectorOperator.LessThan,
            _ => throw Unexpected(text, "an operator (in, notin, =, ==, !=, >, <)"),
        };
    }

    /// <summary>"(a,b)"; empty entries, as in "()" or "(a,)", stand for the empty value.</summary>
    private List<string> ParseValueSet()
    {
        var (open, openText) = Consume(Context.Values);
        if (open != TokenKind.OpenParen) throw Unexpected(openText, "'('");
        var values = new List<string>();
        var (first, firstText) = Peek(Context.Values);
        switch (first)
        {
            case TokenKind.ClosedParen:
                Consume(Context.Values);
                values.Add("");
                return values;
            case TokenKind.Identifier:
            case TokenKind.Comma:
                break;
            default:
                throw Unexpected(firstText, "',', ')' or a value");
        }

        while (true)
        {
            var (kind, text) = Consume(Context.Values);
            if (kind == TokenKind.Identifier)
            {
                values.Add(text);
                var (next, nextText) = Peek(Context.Values);
                if (next == TokenKind.ClosedParen) break;
                if (next != TokenKind.Comma) throw Unexpected(nextText, "',' or ')'");
            }
            else if (kind == TokenKind.Comma)
            {
                if (values.Count == 0) values.Add("");
                var (next, _) = Peek(Context.Values);
                if (next == TokenKind.ClosedParen)
                {
                    values.Add("");
                    break;
                }
                if (next == TokenKind.Comma)
                {
                    Consume(Context.Values);
                    values.Add("");
                }
            }
            else
            {
                throw Unexpected(text, "',' or a value");
            }
        }
        Consume(Context.Values);
        return values;
    }

    /// <summary>One value after =, ==, !=, &gt; or &lt;; nothing before ',' or the end is the empty value.</summary>
    private List<string> ParseSingleValue()
    {
        var (next, _) = Peek(Context.Values);
        if (next is TokenKind.EndOfString or TokenKind.Comma) return new List<string> { "" };
        var (kind, text) = Consume(Context.Values);
        if (kind != TokenKind.Identifier) throw Unexpected(text, "a value");
        return new List<string> { text };
    }

    private (TokenKind Kind, string Text) Peek(Context context) => InContext(_tokens[_position], context);

    private (TokenKind Kind, string Text) Consume(Context context)
    {
        var token = _tokens[_position];
        if (_position < _tokens.Count - 1) _position++;
        return InContext(token, context);
    }

    private static (TokenKind Kind, string Text) InContext((TokenKind Kind, string Text) token, Context context) =>
        context == Context.Values && token.Kind is TokenKind.In or TokenKind.NotIn ? (TokenKind.Identifier, token.Text) : token;

    private static FormatException Unexpected(string found, string expected) =>
        new(found.Length == 0 ? $"unexpected end of the selector; expected {expected}" : $"found '{found}', expected {expected}");

    private static List<(TokenKind, string)> Lex(string s)
    {
        var tokens = new List<(TokenKind, string)>();
        int i = 0;
        while (true)
        {
            while (i < s.Length && IsWhitespace(s[i])) i++;
            if (i >= s.Length)
            {
                tokens.Add((TokenKind.EndOfString, ""));
                return tokens;
            }
            if (IsSymbol(s[i]))
            {
                // The longest run of symbol characters that is still a token: "!=" rather than "!".
                int end = i + 1;
                TokenKind? kind = SymbolKind(s.Substring(i, 1));
                int best = kind is null ? i : end;
                while (end < s.Length && IsSymbol(s[end]) && SymbolKind(s.Substring(i, end - i + 1)) is { } longer)
                {
                    kind = longer;
                    end++;
                    best = end;
                }
                if (kind is null) throw new FormatException($"unexpected '{s[i]}'");
                tokens.Add((kind.Value, s.Substring(i, best - i)));
                i = best;
                continue;
            }
            int start = i;
            while (i < s.Length && !IsWhitespace(s[i]) && !IsSymbol(s[i])) i++;
            string word = s.Substring(start, i - start);
            tokens.Add((word switch { "in" => TokenKind.In, "notin" => TokenKind.NotIn, _ => TokenKind.Identifier }, word));
        }
    }

    private static TokenKind? SymbolKind(string symbol) => symbol switch
    {
        ")" => TokenKind.ClosedParen,
        "," => TokenKind.Comma,
        "!" => TokenKind.DoesNotExist,
        "==" => TokenKind.DoubleEquals,
        "=" => TokenKind.Equals,
        ">" => TokenKind.GreaterThan,
        "<" => TokenKind.LessThan,
        "!=" => TokenKind.NotEquals,
        "(" => TokenKind.OpenParen,
        _ => null,
    };

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kube.Client.JsonPath;

/// <summary>
/// The subset of kubectl's JSONPath that <c>kubectl wait --for=jsonpath=...</c> and most scripts use:
/// <c>{.status.phase}</c>, <c>.spec.containers[0].image</c>, <c>.items[*].metadata.name</c>,
/// <c>.status.conditions[?(@.type=="Ready")].status</c>, <c>['field.with.dots']</c> or
/// <c>.metadata.annotations.example\.com/x</c>, <c>[-1]</c>. Braces and a leading <c>$</c> are optional.
/// Not supported (a clear parse error): ranges, slices, recursive descent, unions and functions.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly IReadOnlyList<JsonPathSegment> _segments;

    private JsonPathExpression(string text, IReadOnlyList<JsonPathSegment> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <exception cref="JsonPathException">The expression does not parse, or uses what this subset lacks.</exception>
    public static JsonPathExpression Parse(string expression)
    {
        if (expression is null) throw new ArgumentNullException(nameof(expression));
        var parser = new Parser(expression);
        return new JsonPathExpression(expression, parser.ParseTemplate());
    }

    /// <summary>Every node the expression selects in <paramref name="root"/>; empty when a field is missing.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root) => Evaluate(_segments, root).ToList();

    /// <summary>The selected values as kubectl prints them: strings bare, other values as compact JSON.</summary>
    public IReadOnlyList<string> EvaluateStrings(JsonNode? root) => Evaluate(root).Select(Format).ToList();

    /// <summary>A value as kubectl's jsonpath prints it: a string without quotes, null as "null", the rest as compact JSON.</summary>
    public static string Format(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    internal static IEnumerable<JsonNode?> Evaluate(IReadOnlyList<JsonPathSegment> segments, JsonNode? root)
    {
        IEnumerable<JsonNode?> current = new[] { root };
        foreach (var segment in segments) current = current.SelectMany(segment.Select).ToList();
        return current;
    }

    public override string ToString() => Text;

    private sealed class Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text) => _text = text;

        public IReadOnlyList<JsonPathSegment> ParseTemplate()
        {
            SkipSpaces();
            bool braced = Peek('{');
            if (braced) _pos++;
            SkipSpaces();
            if (Peek('$')) _pos++;
            var segments = ParsePath(stopAt: braced ? '}' : '\0', inFilter: false);
            SkipSpaces();
            if (braced)
            {
                if (!Peek('}')) throw Error("expected '}' to close the expression");
                _pos++;
                SkipSpaces();
            }
            if (_pos < _text.Length) throw Error($"unexpected '{_text[_pos]}'");
            if (segments.Count == 0) throw Error("the expression selects nothing: expected a path such as {.status.phase}");
            return segments;
        }

        private List<JsonPathSegment> ParsePath(char stopAt, bool inFilter)
        {
            var segments = new List<JsonPathSegment>();
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == stopAt || char.IsWhiteSpace(c)) break;
                if (inFilter && (c == '=' || c == '!' || c == ')' || c == '<' || c == '>')) break;
                if (c == '.')
                {
                    _pos++;
                    if (Peek('.')) throw Error("recursive descent (..) is not supported");
                    if (Peek('*'))
                    {
                        _pos++;
                        segments.Add(new JsonPathSegments.Wildcard());
                        continue;
                    }
                    if (Peek('[')) continue;
                    string name = ReadName(inFilter);
                    if (name.Length == 0) throw Error("expected a field name after '.'");
                    segments.Add(new JsonPathSegments.Field(name));
                }
                else if (c == '[')
                {
                    segments.Add(ParseBracket());
                }
                else if (segments.Count == 0 && !inFilter)
                {
                    // kubectl accepts a path without its leading dot, such as {status.phase}.
                    segments.Add(new JsonPathSegments.Field(ReadName(inFilter)));
                }
                else
                {
                    throw Error($"unexpected '{c}': expected '.' or '['");
                }
            }
            return segments;
        }

        private string ReadName(bool inFilter)
        {
            var sb = new StringBuilder();
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\\' && _pos + 1 < _text.Length)
                {
                    sb.Append(_text[_pos + 1]);
                    _pos += 2;
                    continue;
                }
                if (c == '.' || c == '[' || c == '}' || c == ']' || char.IsWhiteSpace(c)) break;
                if (inFilter && (c == '=' || c == '!' || c == ')' || c == '<' || c == '>')) break;
                sb.Append(c);
                _pos++;
            }
            return sb.ToString();
        }

        private JsonPathSegment ParseBracket()
        {
            int start = _pos;
            _pos++; // [
            SkipSpaces();
            JsonPathSegment segment;
            if (Peek('*'))
            {
                _pos++;
                segment = new JsonPathSegments.Wildcard();
            }
            else if (Peek('\'') || Peek('"'))
            {
                segment = new JsonPathSegments.Field(ReadQuoted());
            }
            else if (Peek('?'))
            {
                segment = ParseFilter();
            }
            else
            {
                int numberStart = _pos;
                if (Peek('-')) _pos++;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
                string digits = _text.Substring(numberStart, _pos - numberStart);
                if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index))
                {
                    _pos = numberStart;
                    throw Error("expected an index such as [0], [*], ['name'] or a filter such as [?(@.type==\"Ready\")]");
                }
                SkipSpaces();
                if (Peek(':')) throw Error("slices ([a:b]) are not supported");
                if (Peek(',')) throw Error("unions ([a,b]) are not supported");
                segment = new JsonPathSegments.Index(index);
            }
            SkipSpaces();
            if (!Peek(']'))
            {
                if (_pos >= _text.Length) { _pos = start; throw Error("'[' is never closed"); }
                throw Error(Peek(',') ? "unions ([a,b]) are not supported" : "expected ']'");
            }
            _pos++;
            return segment;
        }

        private JsonPathSegment ParseFilter()
        {
            _pos++; // ?
            if (!Peek('(')) throw Error("expected '(' after '?' in a filter");
            _pos++;
            SkipSpaces();
            if (!Peek('@')) throw Error("a filter starts with '@', as in [?(@.type==\"Ready\")]");
            _pos++;
            var path = ParsePath(stopAt: ')', inFilter: true);
            SkipSpaces();
            string? op = null;
            JsonNode? literal = null;
            if (Peek('=') || Peek('!') || Peek('<') || Peek('>'))
            {
                int opStart = _pos;
                while (_pos < _text.Length && "=!<>".IndexOf(_text[_pos]) >= 0) _pos++;
                op = _text.Substring(opStart, _pos - opStart);
                if (op != "==" && op != "!=")
                {
                    _pos = opStart;
                    throw Error($"the filter operator '{op}' is not supported: use == or !=");
                }
                SkipSpaces();
                literal = ReadLiteral();
                SkipSpaces();
            }
            if (!Peek(')')) throw Error("expected ')' to close the filter");
            _pos++;
            return new JsonPathSegments.Filter(path, op, literal);
        }

        private JsonNode? ReadLiteral()
        {
            if (Peek('\'') || Peek('"')) return JsonValue.Create(ReadQuoted());
            int start = _pos;
            while (_pos < _text.Length && _text[_pos] != ')' && !char.IsWhiteSpace(_text[_pos])) _pos++;
            string word = _text.Substring(start, _pos - start);
            if (word == "true") return JsonValue.Create(true);
            if (word == "false") return JsonValue.Create(false);
            if (word == "null") return null;
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return JsonValue.Create(number);
            _pos = start;
            throw Error("expected a quoted string, a number, true, false or null after the operator");
        }

        private string ReadQuoted()
        {
            char quote = _text[_pos];
            int start = _pos;
            _pos++;
            var sb = new StringBuilder();
            while (_pos < _text.Length && _text[_pos] != quote)
            {
                if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
                sb.Append(_text[_pos]);
                _pos++;
            }
            if (_pos >= _text.Length)
            {
                _pos = start;
                throw Error($"the string starting here is never closed with {quote}");
            }
            _pos++;
            return sb.ToString();
        }

        private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

        private void SkipSpaces()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private JsonPathException Error(string message) => new(_text, Math.Min(_pos, _text.Length), message);
    }
}

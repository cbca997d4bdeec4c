using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Kube.Generator.Proto;

/// <summary>
/// Parses the proto2 subset that go-to-protobuf writes into Kubernetes' generated.proto files:
/// syntax, package, imports, options, and top-level messages of optional/required/repeated and map
/// fields. Anything else (nested messages, enums, oneofs, field options, groups) is refused with
/// the file and line, so a newer source tree fails loudly instead of producing wrong readers.
/// </summary>
public sealed class ProtoParser
{
    private static readonly HashSet<string> MapKeyTypes = new(StringComparer.Ordinal)
    {
        "string", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool",
    };

    private readonly List<Token> _tokens;
    private readonly ProtoFile _file;
    private int _next;

    private ProtoParser(ProtoFile file, List<Token> tokens)
    {
        _file = file;
        _tokens = tokens;
    }

    public static ProtoFile Parse(string text, string importPath, string displayPath)
    {
        var file = new ProtoFile(importPath, displayPath);
        var parser = new ProtoParser(file, Tokenize(text, displayPath));
        parser.ParseFile();
        return file;
    }

    private void ParseFile()
    {
        bool sawPackage = false;
        while (!AtEnd)
        {
            var token = Peek();
            if (token.Is(";"))
            {
                _next++;
                continue;
            }
            switch (ExpectIdentifier("a top-level statement").Text)
            {
                case "syntax":
                    Expect("=");
                    var syntax = ExpectString();
                    if (syntax.Text != "proto2")
                        throw Error(syntax, $"syntax \"{syntax.Text}\" is not supported; these generated.proto files are proto2");
                    _file.Syntax = syntax.Text;
                    Expect(";");
                    break;
                case "package":
                    if (sawPackage) throw Error(token, "a second package statement");
                    _file.Package = ExpectIdentifier("a package name").Text;
                    sawPackage = true;
                    Expect(";");
                    break;
                case "import":
                    if (Peek().IsIdentifier("public") || Peek().IsIdentifier("weak")) _next++;
                    _file.Imports.Add(ExpectString().Text);
                    Expect(";");
                    break;
                case "option":
                    var (name, value) = ParseOption();
                    if (name == "go_package") _file.GoPackage = value;
                    break;
                case "message":
                    ParseMessage(token);
                    break;
                default:
                    throw Error(token, $"'{token.Text}' is not supported at the top level (expected syntax, package, import, option or message)");
            }
        }
        if (!sawPackage) throw new ProtoException(_file.DisplayPath, 1, "the file has no package statement");
    }

    private (string Name, string Value) ParseOption()
    {
        var name = ExpectIdentifier("an option name");
        Expect("=");
        var value = Next("an option value");
        if (value.Kind == TokenKind.Symbol) throw Error(value, $"expected an option value, found '{value.Text}'");
        Expect(";");
        return (name.Text, value.Text);
    }

    private void ParseMessage(Token keyword)
    {
        var name = ExpectIdentifier("a message name");
        if (name.Text.Contains('.')) throw Error(name, $"'{name.Text}' is not a valid message name");
        var message = new ProtoMessage(_file, name.Text, name.Line);
        foreach (var existing in _file.Messages)
        {
            if (existing.Name == message.Name)
                throw Error(name, $"message {message.Name} is defined twice (first at line {existing.Line})");
        }
        Expect("{");
        var numbers = new Dictionary<int, ProtoField>();
        var names = new Dictionary<string, ProtoField>(StringComparer.Ordinal);
        while (true)
        {
            var token = Next("a field or '}' closing message " + message.Name);
            if (token.Is("}")) break;
            if (token.Is(";")) continue;
            if (token.Kind != TokenKind.Identifier) throw Error(token, $"expected a field of message {message.Name}, found '{token.Text}'");

            ProtoField field;
            switch (token.Text)
            {
                case "optional":
                case "required":
                case "repeated":
                    field = ParseField(token);
                    break;
                case "map":
                    field = ParseMapField(token);
                    break;
                case "option":
                    ParseOption();
                    continue;
                case "message":
                case "enum":
                case "oneof":
                case "extensions":
                case "extend":
                case "reserved":
                case "group":
                    throw Error(token, $"'{token.Text}' inside message {message.Name} is not supported by this parser (Kubernetes' generated.proto files have none)");
                default:
                    throw Error(token, $"field '{token.Text}' of message {message.Name} needs a label (optional, required or repeated): proto2 requires one");
            }

            if (numbers.TryGetValue(field.Number, out var clash))
                throw new ProtoException(_file.DisplayPath, field.Line, $"field number {field.Number} of message {message.Name} is already used by '{clash.Name}' (line {clash.Line})");
            if (names.TryGetValue(field.Name, out clash))
                throw new ProtoException(_file.DisplayPath, field.Line, $"field name '{field.Name}' of message {message.Name} is already used (line {clash.Line})");
            numbers[field.Number] = field;
            names[field.Name] = field;
            message.Fields.Add(field);
        }
        _file.Messages.Add(message);
        _ = keyword;
    }

    private ProtoField ParseField(Token label)
    {
        var type = ExpectIdentifier("a field type");
        if (type.Text == "group") throw Error(type, "groups are not supported");
        var name = ExpectIdentifier("a field name");
        Expect("=");
        int number = ExpectFieldNumber();
        RefuseFieldOptions();
        Expect(";");
        var kind = label.Text switch
        {
            "optional" => ProtoFieldLabel.Optional,
            "required" => ProtoFieldLabel.Required,
            _ => ProtoFieldLabel.Repeated,
        };
        return new ProtoField(kind, type.Text, name.Text, number, name.Line);
    }

    private ProtoField ParseMapField(Token keyword)
    {
        Expect("<");
        var key = ExpectIdentifier("a map key type");
        if (!MapKeyTypes.Contains(key.Text)) throw Error(key, $"'{key.Text}' cannot be a map key type (integral types, bool and string can)");
        Expect(",");
        var value = ExpectIdentifier("a map value type");
        if (value.Text == "map") throw Error(value, "a map cannot hold maps directly");
        Expect(">");
        var name = ExpectIdentifier("a field name");
        Expect("=");
        int number = ExpectFieldNumber();
        RefuseFieldOptions();
        Expect(";");
        _ = keyword;
        return new ProtoField(ProtoFieldLabel.Map, value.Text, name.Text, number, name.Line, key.Text);
    }

    private void RefuseFieldOptions()
    {
        if (Peek().Is("["))
            throw Error(Peek(), "field options ([...]) are not supported: Kubernetes' generated.proto files have none, and packed or default values would change the wire form");
    }

    private int ExpectFieldNumber()
    {
        var token = Next("a field number");
        if (token.Kind != TokenKind.Number || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            throw Error(token, $"expected a field number, found '{token.Text}'");
        if (number < 1 || number > 536_870_911) throw Error(token, $"field number {number} is outside 1..536870911");
        if (number is >= 19000 and <= 19999) throw Error(token, $"field number {number} is reserved for the protobuf implementation");
        return number;
    }

    private bool AtEnd => _next >= _tokens.Count;

    private Token Peek() => AtEnd ? new Token(TokenKind.Symbol, "end of file", LastLine) : _tokens[_next];

    private int LastLine => _tokens.Count == 0 ? 1 : _tokens[^1].Line;

    private Token Next(string what)
    {
        if (AtEnd) throw new ProtoException(_file.DisplayPath, LastLine, $"the file ends where {what} was expected");
        return _tokens[_next++];
    }

    private void Expect(string symbol)
    {
        var token = Next($"'{symbol}'");
        if (!token.Is(symbol)) throw Error(token, $"expected '{symbol}', found '{token.Text}'");
    }

    private Token ExpectIdentifier(string what)
    {
        var token = Next(what);
        if (token.Kind != TokenKind.Identifier) throw Error(token, $"expected {what}, found '{token.Text}'");
        return token;
    }

    private Token ExpectString()
    {
        var token = Next("a string");
        if (token.Kind != TokenKind.String) throw Error(token, $"expected a quoted string, found '{token.Text}'");
        return token;
    }

    private ProtoException Error(Token token, string message) => new(_file.DisplayPath, token.Line, message);

    private static List<Token> Tokenize(string text, string path)
    {
        var tokens = new List<Token>();
        int line = 1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int startLine = line;
                i += 2;
                while (i + 1 < text.Length && !(text[i] == '*' && text[i + 1] == '/'))
                {
                    if (text[i] == '\n') line++;
                    i++;
                }
                if (i + 1 >= text.Length) throw new ProtoException(path, startLine, "a /* comment is never closed");
                i += 2;
            }
            else if (c == '"' || c == '\'')
            {
                int startLine = line;
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length || text[i] == '\n') throw new ProtoException(path, startLine, "a string is not closed on its line");
                    if (text[i] == c) break;
                    if (text[i] == '\\')
                    {
                        if (i + 1 >= text.Length) throw new ProtoException(path, startLine, "a string ends in a lone backslash");
                        value.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }
                    value.Append(text[i++]);
                }
                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString(), startLine));
            }
            else if (char.IsLetter(c) || c == '_' || c == '.')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.')) i++;
                string word = text.Substring(start, i - start);
                if (word.StartsWith('.') && word.Length > 1 && word.IndexOf("..", StringComparison.Ordinal) < 0)
                    tokens.Add(new Token(TokenKind.Identifier, word, line));
                else if (word.EndsWith('.') || word.IndexOf("..", StringComparison.Ordinal) >= 0 || word == ".")
                    throw new ProtoException(path, line, $"'{word}' is not a valid name");
                else
                    tokens.Add(new Token(TokenKind.Identifier, word, line));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                int start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(TokenKind.Number, text.Substring(start, i - start), line));
            }
            else if ("{}[]()<>;,=".IndexOf(c) >= 0)
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), line));
                i++;
            }
            else
            {
                throw new ProtoException(path, line, $"unexpected character '{c}'");
            }
        }
        return tokens;
    }

    private enum TokenKind
    {
        Identifier,
        Number,
        String,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Line)
    {
        public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
        public bool IsIdentifier(string word) => Kind == TokenKind.Identifier && Text == word;
    }
}

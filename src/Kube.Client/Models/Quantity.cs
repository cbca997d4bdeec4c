using System;
using System.Globalization;
using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models;

/// <summary>
/// A Kubernetes resource quantity (resource.Quantity): "500m", "1.5Gi", "2k", "1e3", "128974848".
/// The text is kept exactly as given and is what <see cref="ToString"/> returns and what is written
/// back to the server; <see cref="Value"/> is the number it stands for. Equality and ordering go by
/// value, so "1000m" equals "1" and "1Ki" equals "1024".
/// </summary>
[JsonConverter(typeof(QuantityConverter))]
public sealed class Quantity : IEquatable<Quantity>, IComparable<Quantity>, IComparable
{
    private const string Syntax = "expected a number with an optional suffix such as 500m, 1.5Gi, 2k or 1e3 (suffixes: n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E and an exponent)";

    private readonly string _text;
    private readonly decimal _value;
    private readonly bool _outOfRange;

    private Quantity(string text, decimal value, bool outOfRange, QuantityFormat format)
    {
        _text = text;
        _value = value;
        _outOfRange = outOfRange;
        Format = format;
    }

    /// <summary>Parses <paramref name="text"/>; same as <see cref="Parse"/>.</summary>
    public Quantity(string text)
        : this(ParseParts(text))
    {
    }

    private Quantity(Quantity parsed)
        : this(parsed._text, parsed._value, parsed._outOfRange, parsed.Format)
    {
    }

    public QuantityFormat Format { get; }

    /// <summary>
    /// The number this quantity stands for. Throws <see cref="OverflowException"/> for the rare
    /// quantity beyond the range of <see cref="decimal"/> (about 7.9e28); such a quantity still
    /// round-trips unchanged.
    /// </summary>
    public decimal Value => _outOfRange
        ? throw new OverflowException($"The quantity '{_text}' is outside the range of System.Decimal.")
        : _value;

    public static Quantity Parse(string text) => ParseParts(text);

    public static bool TryParse(string? text, out Quantity? quantity)
    {
        quantity = text is not null && TryParseCore(text, out var parsed, out _) ? parsed : null;
        return quantity is not null;
    }

    public static implicit operator Quantity?(string? text) => text is null ? null : Parse(text);

    public override string ToString() => _text;

    public int CompareTo(Quantity? other) => other is null ? 1 : Value.CompareTo(other.Value);

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity other => CompareTo(other),
        _ => throw new ArgumentException("Object is not a Quantity.", nameof(obj)),
    };

    public bool Equals(Quantity? other)
    {
        if (other is null) return false;
        if (_outOfRange || other._outOfRange) return string.Equals(_text, other._text, StringComparison.Ordinal);
        return _value == other._value;
    }

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    // decimal's hash is the same for equal values with different scales (1.0 and 1).
    public override int GetHashCode() => _outOfRange ? StringComparer.Ordinal.GetHashCode(_text) : _value.GetHashCode();

    public static bool operator ==(Quantity? left, Quantity? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(Quantity? left, Quantity? right) => !(left == right);
    public static bool operator <(Quantity left, Quantity right) => Compare(left, right) < 0;
    public static bool operator >(Quantity left, Quantity right) => Compare(left, right) > 0;
    public static bool operator <=(Quantity left, Quantity right) => Compare(left, right) <= 0;
    public static bool operator >=(Quantity left, Quantity right) => Compare(left, right) >= 0;

    private static int Compare(Quantity? left, Quantity? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static Quantity ParseParts(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (!TryParseCore(text, out var quantity, out string? problem))
            throw new FormatException($"'{text}' is not a Kubernetes quantity: {problem}; {Syntax}.");
        return quantity!;
    }

    private static bool TryParseCore(string text, out Quantity? quantity, out string? problem)
    {
        quantity = null;
        int pos = 0;
        bool negative = false;
        if (pos < text.Length && (text[pos] == '+' || text[pos] == '-'))
        {
            negative = text[pos] == '-';
            pos++;
        }

        int integerStart = pos;
        while (pos < text.Length && IsDigit(text[pos])) pos++;
        int integerEnd = pos;
        int fractionStart = pos, fractionEnd = pos;
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            fractionStart = pos;
            while (pos < text.Length && IsDigit(text[pos])) pos++;
            fractionEnd = pos;
        }
        if (integerEnd == integerStart && fractionEnd == fractionStart)
        {
            problem = text.Length == 0 ? "it is empty" : "it has no digits before the suffix";
            return false;
        }

        string suffix = text.Substring(pos);
        if (!TryInterpretSuffix(suffix, out int numberBase, out int exponent, out var format))
        {
            problem = $"the suffix '{suffix}' is not known";
            return false;
        }

        string mantissa = text.Substring(integerStart, integerEnd - integerStart);
        if (fractionEnd > fractionStart) mantissa += "." + text.Substring(fractionStart, fractionEnd - fractionStart);
        if (mantissa.Length == 0 || mantissa[0] == '.') mantissa = "0" + mantissa;

        bool outOfRange = !TryScale(mantissa, numberBase, exponent, out decimal value);
        if (negative) value = -value;
        quantity = new Quantity(text, value, outOfRange, format);
        problem = null;
        return true;
    }

    private static bool TryInterpretSuffix(string suffix, out int numberBase, out int exponent, out QuantityFormat format)
    {
        numberBase = 10;
        format = QuantityFormat.DecimalSI;
        switch (suffix)
        {
            case "": exponent = 0; return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
        }

        numberBase = 2;
        format = QuantityFormat.BinarySI;
        switch (suffix)
        {
            case "Ki": exponent = 10; return true;
            case "Mi": exponent = 20; return true;
            case "Gi": exponent = 30; return true;
            case "Ti": exponent = 40; return true;
            case "Pi": exponent = 50; return true;
            case "Ei": exponent = 60; return true;
        }

        numberBase = 10;
        format = QuantityFormat.DecimalExponent;
        exponent = 0;
        if (suffix.Length < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
        int pos = 1;
        bool negative = false;
        if (suffix[pos] == '+' || suffix[pos] == '-')
        {
            negative = suffix[pos] == '-';
            pos++;
        }
        if (pos == suffix.Length) return false;
        long magnitude = 0;
        for (; pos < suffix.Length; pos++)
        {
            if (!IsDigit(suffix[pos])) return false;
            // Beyond a few hundred the value is either zero or out of range anyway; keep counting bounded.
            magnitude = Math.Min(magnitude * 10 + (suffix[pos] - '0'), 100_000);
        }
        exponent = (int)(negative ? -magnitude : magnitude);
        return true;
    }

    private static bool TryScale(string mantissa, int numberBase, int exponent, out decimal value)
    {
        value = 0;
        try
        {
            value = decimal.Parse(mantissa, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (value == 0) return true;
            if (numberBase == 2)
            {
                for (int i = 0; i < exponent; i += 10) value *= 1024m;
                return true;
            }
            if (exponent > 60) return false;
            if (exponent < -60)
            {
                value = 0;
                return true;
            }
            for (int i = 0; i < exponent; i++) value *= 10m;
            for (int i = 0; i > exponent; i--) value /= 10m;
            return true;
        }
        catch (OverflowException)
        {
            value = 0;
            return false;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}

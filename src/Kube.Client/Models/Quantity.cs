using System;
using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models;

/// <summary>
/// A Kubernetes resource quantity (resource.Quantity): "500m", "1.5Gi", "2k", "1e3", "128974848".
/// The text is kept exactly as given and is what <see cref="ToString"/> returns and what is written
/// back to the server; <see cref="Value"/> is the number it stands for, computed as apimachinery
/// does: a value finer than one nano unit rounds up ("1.0001n" is 2n, as the server stores it), and
/// binary quantities stop at 2^63-1. Equality and ordering go by that exact value, so "1000m"
/// equals "1", "1Ki" equals "1024" and "1.0001n" equals "2n". <see cref="ToCanonicalString"/> is
/// the text the server writes back.
/// </summary>
/// <remarks>
/// What is valid is what the server accepts, quirks included: "m", "+" and "." are zero, while "Pi"
/// is not a quantity. Parsing only checks the syntax; the value is worked out on first use, so a
/// cached object's quantities cost little more than their text. Immutable and thread-safe.
/// </remarks>
[JsonConverter(typeof(QuantityConverter))]
public sealed class Quantity : IEquatable<Quantity>, IComparable<Quantity>, IComparable
{
    private const string Syntax = "expected a number with an optional suffix such as 500m, 1.5Gi, 2k or 1e3 (suffixes: n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E and an exponent)";

    private readonly string _text;
    private QuantityAmount? _amount;

    /// <summary>Parses <paramref name="text"/>; same as <see cref="Parse"/>.</summary>
    public Quantity(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (!QuantitySyntax.TryScan(text, out _, out string? problem))
            throw new FormatException($"'{text}' is not a Kubernetes quantity: {problem}; {Syntax}.");
        _text = text;
    }

    /// <summary>For text already scanned.</summary>
    private Quantity(string text, bool scanned)
    {
        _text = text;
    }

    /// <summary>The notation of the value: the suffix's, except that a binary quantity below 1 is DecimalSI (as the server decides).</summary>
    public QuantityFormat Format => Amount.Format;

    /// <summary>
    /// The number this quantity stands for, rounded up to whole nano units as the server rounds it.
    /// Exact below about 7.9e19; beyond, it has decimal's 28 digits (<see cref="ToDecimalString"/> is
    /// exact). Throws <see cref="OverflowException"/> beyond the range of <see cref="decimal"/> (about
    /// 7.9e28); such a quantity still round-trips unchanged.
    /// </summary>
    public decimal Value => Amount.ToDecimal(_text);

    private QuantityAmount Amount
    {
        get
        {
            var amount = _amount;
            if (amount is not null) return amount;
            QuantitySyntax.TryScan(_text, out var syntax, out _);
            amount = QuantityAmount.Of(_text, syntax);
            // Racing threads compute equal amounts; either may win.
            _amount = amount;
            return amount;
        }
    }

    public static Quantity Parse(string text) => new(text);

    public static bool TryParse(string? text, out Quantity? quantity)
    {
        quantity = text is not null && QuantitySyntax.TryScan(text, out _, out _) ? new Quantity(text, scanned: true) : null;
        return quantity is not null;
    }

    public static implicit operator Quantity?(string? text) => text is null ? null : Parse(text);

    /// <summary>The text as given (and as it is written to the server).</summary>
    public override string ToString() => _text;

    /// <summary>
    /// The text the API server writes for this quantity once it has parsed it (resource.Quantity's
    /// String): "1.0001n" becomes "2n", "1024Mi" becomes "1Gi", "0.5Gi" becomes "512Mi" and "1000m"
    /// becomes "1"; a text already canonical is kept as it is.
    /// </summary>
    public string ToCanonicalString()
    {
        QuantitySyntax.TryScan(_text, out var syntax, out _);
        return Amount.ToCanonicalString(_text, syntax);
    }

    /// <summary>The exact value in plain decimal notation, such as "1610612736" for "1.5Gi" or "0.000000002" for "1.0001n".</summary>
    public string ToDecimalString() => Amount.ToPlainString();

    public int CompareTo(Quantity? other) => other is null ? 1 : Amount.CompareTo(other.Amount);

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity other => CompareTo(other),
        _ => throw new ArgumentException("Object is not a Quantity.", nameof(obj)),
    };

    public bool Equals(Quantity? other) => other is not null && (ReferenceEquals(this, other) || Amount.ValueEquals(other.Amount));

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode() => Amount.ValueHashCode();

    public static bool operator ==(Quantity? left, Quantity? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(Quantity? left, Quantity? right) => !(left == right);
    public static bool operator <(Quantity left, Quantity right) => Compare(left, right) < 0;
    public static bool operator >(Quantity left, Quantity right) => Compare(left, right) > 0;
    public static bool operator <=(Quantity left, Quantity right) => Compare(left, right) <= 0;
    public static bool operator >=(Quantity left, Quantity right) => Compare(left, right) >= 0;

    private static int Compare(Quantity? left, Quantity? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}

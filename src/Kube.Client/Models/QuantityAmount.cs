using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Kube.Client.Models;

/// <summary>
/// The exact value of a quantity, as apimachinery computes it: the number times its suffix, rounded
/// up (away from zero) to a whole number of nano units when it is finer, and capped at 2^63-1 for
/// binary suffixes. Held as <c>Unscaled × 10^-Scale</c> with no trailing zeros in Unscaled, so equal
/// values have equal fields and huge exponents ("1e300") cost nothing to hold.
/// </summary>
internal sealed class QuantityAmount
{
    private const int NanoScale = 9;
    private static readonly BigInteger MaxInt64 = long.MaxValue;
    private static readonly BigInteger DecimalLimit = (BigInteger.One << 96) - 1;

    private decimal? _decimal;
    private string? _canonical;

    private QuantityAmount(BigInteger unscaled, long scale, QuantityFormat format)
    {
        if (unscaled.IsZero)
        {
            scale = 0;
        }
        else
        {
            while (unscaled % 10 == 0)
            {
                unscaled /= 10;
                scale--;
            }
        }
        Unscaled = unscaled;
        Scale = scale;
        Format = format;
    }

    public BigInteger Unscaled { get; }

    public long Scale { get; }

    public QuantityFormat Format { get; }

    /// <summary>Digits of |Unscaled| minus Scale: the power of ten just above the value; equal for values of one order.</summary>
    private long Magnitude => Unscaled.IsZero ? long.MinValue : DigitCount(Unscaled) - Scale;

    public static QuantityAmount Of(string text, in QuantitySyntax syntax)
    {
        var digits = BigInteger.Zero;
        if (syntax.NumberLength + syntax.FractionLength <= 18)
        {
            digits = syntax.Digits(text);
        }
        else
        {
            var all = new StringBuilder(syntax.NumberLength + syntax.FractionLength);
            all.Append(text, syntax.NumberStart, syntax.NumberEnd - syntax.NumberStart).Append(text, syntax.FractionStart, syntax.FractionLength);
            if (all.Length > 0) digits = BigInteger.Parse(all.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        BigInteger unscaled;
        long scale;
        if (syntax.Base == 10)
        {
            unscaled = digits;
            scale = syntax.FractionLength - (long)syntax.Exponent;
        }
        else
        {
            unscaled = digits << syntax.Exponent;
            scale = syntax.FractionLength;
        }

        var format = syntax.Format;
        if (!unscaled.IsZero && scale > NanoScale)
        {
            // Finer than a nano unit: round up, so that a request for some resource gets some.
            long drop = scale - NanoScale;
            if (drop > DigitCount(unscaled))
            {
                unscaled = BigInteger.One;
            }
            else
            {
                var divisor = BigInteger.Pow(10, (int)drop);
                var quotient = BigInteger.DivRem(unscaled, divisor, out var remainder);
                unscaled = remainder.IsZero ? quotient : quotient + 1;
            }
            scale = NanoScale;
        }
        if (format == QuantityFormat.BinarySI && !unscaled.IsZero)
        {
            var amount = new QuantityAmount(unscaled, scale, format);
            if (amount.CompareMagnitude(MaxInt64, 0) > 0) return new QuantityAmount(syntax.Negative ? -MaxInt64 : MaxInt64, 0, format);
            if (amount.CompareMagnitude(BigInteger.One, 0) < 0) format = QuantityFormat.DecimalSI;
        }
        return new QuantityAmount(syntax.Negative ? -unscaled : unscaled, scale, format);
    }

    public bool ValueEquals(QuantityAmount other) => Scale == other.Scale && Unscaled.Equals(other.Unscaled);

    public int ValueHashCode() => Unscaled.GetHashCode() ^ Scale.GetHashCode();

    public int CompareTo(QuantityAmount other)
    {
        int sign = Unscaled.Sign, otherSign = other.Unscaled.Sign;
        if (sign != otherSign) return sign.CompareTo(otherSign);
        if (sign == 0) return 0;
        int magnitude = CompareMagnitude(other.Unscaled, other.Scale);
        return sign > 0 ? magnitude : -magnitude;
    }

    /// <summary>Compares |this| with |unscaled × 10^-scale|.</summary>
    private int CompareMagnitude(BigInteger unscaled, long scale)
    {
        var a = BigInteger.Abs(Unscaled);
        var b = BigInteger.Abs(unscaled);
        if (a.IsZero || b.IsZero) return a.IsZero ? (b.IsZero ? 0 : -1) : 1;
        long orderA = DigitCount(a) - Scale, orderB = DigitCount(b) - scale;
        if (orderA != orderB) return orderA.CompareTo(orderB);
        // Same order of magnitude: the scales differ by at most the digit counts, so aligning is cheap.
        if (Scale < scale) a *= BigInteger.Pow(10, (int)(scale - Scale));
        else if (scale < Scale) b *= BigInteger.Pow(10, (int)(Scale - scale));
        return a.CompareTo(b);
    }

    /// <summary>The value as a decimal: exact to the nano unit below about 7.9e19, decimal's 28 digits beyond.</summary>
    public decimal ToDecimal(string text)
    {
        if (_decimal is decimal known) return known;
        decimal value;
        if (Unscaled.IsZero)
        {
            value = 0m;
        }
        else if (Scale >= 0 && Scale <= 28 && BigInteger.Abs(Unscaled) <= DecimalLimit)
        {
            var magnitude = BigInteger.Abs(Unscaled);
            int lo = (int)(uint)(magnitude & uint.MaxValue);
            int mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
            int hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
            value = new decimal(lo, mid, hi, Unscaled.Sign < 0, (byte)Scale);
        }
        else if (Magnitude > 29)
        {
            throw new OverflowException($"The quantity '{text}' is outside the range of System.Decimal.");
        }
        else
        {
            value = decimal.Parse(ToPlainString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        _decimal = value;
        return value;
    }

    /// <summary>The exact value in plain decimal notation, such as "1610612736" or "-0.000000002".</summary>
    public string ToPlainString()
    {
        if (Unscaled.IsZero) return "0";
        string digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + 4);
        if (Unscaled.Sign < 0) text.Append('-');
        if (Scale <= 0)
        {
            text.Append(digits).Append('0', checked((int)-Scale));
        }
        else if (Scale >= digits.Length)
        {
            text.Append("0.").Append('0', (int)(Scale - digits.Length)).Append(digits);
        }
        else
        {
            text.Append(digits, 0, digits.Length - (int)Scale).Append('.').Append(digits, digits.Length - (int)Scale, (int)Scale);
        }
        return text.ToString();
    }

    /// <summary>
    /// The text the server writes for this value (resource.Quantity.String after parsing): a decimal
    /// mantissa with an SI suffix or an exponent that is a multiple of 3, or a base-1024 mantissa with
    /// a binary suffix when that is exact. <paramref name="text"/> is kept when the server keeps it.
    /// </summary>
    public string ToCanonicalString(string text, in QuantitySyntax syntax)
    {
        if (_canonical is not null) return _canonical;
        return _canonical = KeepsText(text, syntax) ? text : Canonicalize();
    }

    private string Canonicalize()
    {
        if (Unscaled.IsZero) return "0";
        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            // Values under 1024 and values with a fraction print as decimal, so nothing is rounded.
            if (CompareMagnitude(new BigInteger(1024), 0) < 0 || Scale > 0) format = QuantityFormat.DecimalSI;
        }
        if (format == QuantityFormat.BinarySI)
        {
            var mantissa = Unscaled * BigInteger.Pow(10, checked((int)-Scale));
            int times = 0;
            var k = new BigInteger(1024);
            while (!mantissa.IsZero && BigInteger.Abs(mantissa) >= k && mantissa % k == 0)
            {
                mantissa /= k;
                times++;
            }
            string suffix = times switch { 1 => "Ki", 2 => "Mi", 3 => "Gi", 4 => "Ti", 5 => "Pi", 6 => "Ei", _ => "" };
            return mantissa.ToString(CultureInfo.InvariantCulture) + suffix;
        }

        // Unscaled has no trailing zeros: the exponent is -Scale, lowered to a multiple of 3.
        var number = Unscaled;
        long exponent = -Scale;
        while (exponent % 3 != 0)
        {
            number *= 10;
            exponent--;
        }
        string numberText = number.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalExponent) return exponent == 0 ? numberText : numberText + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        // The server has no suffix for other exponents and writes the mantissa alone.
        string si = exponent switch
        {
            -9 => "n", -6 => "u", -3 => "m", 3 => "k", 6 => "M", 9 => "G", 12 => "T", 15 => "P", 18 => "E", _ => "",
        };
        return numberText + si;
    }

    /// <summary>The server keeps a text it parsed in 64 bits when it is already canonical.</summary>
    private static bool KeepsText(string text, in QuantitySyntax syntax)
    {
        if (text == "0") return true;
        if (!syntax.TakesFastPath(text, out int scale)) return false;
        if (syntax.Format == QuantityFormat.BinarySI) return (syntax.Digits(text) & 0x07) != 0;
        if (scale % 3 != 0) return false;
        // num + denom, where an empty num is "0".
        char first = syntax.NumberEnd > syntax.NumberStart ? text[syntax.NumberStart] : '0';
        if (first == '0') return false;
        int length = (syntax.NumberEnd - syntax.NumberStart) + syntax.FractionLength;
        if (length < 3) return true;
        return !(LastDigit(text, syntax, 0) == '0' && LastDigit(text, syntax, 1) == '0' && LastDigit(text, syntax, 2) == '0');
    }

    /// <summary>The digit <paramref name="fromEnd"/> places from the end of num + denom.</summary>
    private static char LastDigit(string text, in QuantitySyntax syntax, int fromEnd)
    {
        if (fromEnd < syntax.FractionLength) return text[syntax.FractionEnd - 1 - fromEnd];
        return text[syntax.NumberEnd - 1 - (fromEnd - syntax.FractionLength)];
    }

    private static long DigitCount(BigInteger value)
    {
        value = BigInteger.Abs(value);
        if (value.IsZero) return 1;
        // Log10 can be off by one at powers of ten; correct it exactly.
        long estimate = (long)Math.Floor(BigInteger.Log10(value)) + 1;
        if (estimate > 1 && BigInteger.Pow(10, (int)(estimate - 1)) > value) estimate--;
        else if (BigInteger.Pow(10, (int)estimate) <= value) estimate++;
        return estimate;
    }
}

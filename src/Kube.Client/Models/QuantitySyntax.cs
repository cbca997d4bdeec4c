using System;

namespace Kube.Client.Models;

/// <summary>
/// The parts of a quantity's text as apimachinery's parser reads them (resource.ParseQuantity in
/// 1.20): an optional sign, a number whose leading zeros are dropped, an optional fraction, and a
/// suffix made of suffix letters, an optional sign and digits. Its quirks are kept on purpose,
/// since the server decides what is valid: "m", "+", "." and "Ki" are zero, "1.G" is 1G, while
/// "Pi" and "e-10" have no digit where the server needs one and are invalid. Nothing is
/// allocated: the parts are offsets into the text.
/// </summary>
internal readonly struct QuantitySyntax
{
    private const string SuffixLetters = "eEinumkKMGTP";

    private QuantitySyntax(bool negative, int numberStart, int numberEnd, int fractionStart, int fractionEnd, int valueEnd, int suffixStart, int numberBase, int exponent, QuantityFormat format)
    {
        Negative = negative;
        NumberStart = numberStart;
        NumberEnd = numberEnd;
        FractionStart = fractionStart;
        FractionEnd = fractionEnd;
        ValueEnd = valueEnd;
        SuffixStart = suffixStart;
        Base = numberBase;
        Exponent = exponent;
        Format = format;
    }

    public bool Negative { get; }

    /// <summary>The integer digits after the leading zeros; empty stands for "0".</summary>
    public int NumberStart { get; }

    public int NumberEnd { get; }

    /// <summary>The digits after the point, trailing zeros included.</summary>
    public int FractionStart { get; }

    public int FractionEnd { get; }

    /// <summary>End of the numeric text (sign, zeros, digits, point): the server's slow path needs a digit in it.</summary>
    public int ValueEnd { get; }

    public int SuffixStart { get; }

    /// <summary>10 or 2.</summary>
    public int Base { get; }

    /// <summary>The suffix's power of <see cref="Base"/>, truncated to 32 bits as the server does.</summary>
    public int Exponent { get; }

    /// <summary>The format the suffix names (the value may still turn BinarySI into DecimalSI).</summary>
    public QuantityFormat Format { get; }

    public int NumberLength => NumberEnd == NumberStart ? 1 : NumberEnd - NumberStart;

    public int FractionLength => FractionEnd - FractionStart;

    /// <summary>Scans <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryScan(string text, out QuantitySyntax syntax, out string? problem)
    {
        syntax = default;
        problem = null;
        int end = text.Length;
        if (end == 0)
        {
            problem = "it is empty";
            return false;
        }

        int pos = 0;
        bool negative = false;
        if (text[0] == '-' || text[0] == '+')
        {
            negative = text[0] == '-';
            pos++;
        }
        while (pos < end && text[pos] == '0') pos++;
        if (pos == end)
        {
            // Only a sign and zeros: the number is 0 and there is no suffix.
            syntax = new QuantitySyntax(negative, pos, pos, pos, pos, end, end, 10, 0, QuantityFormat.DecimalSI);
            return true;
        }

        int numberStart = pos;
        while (pos < end && IsDigit(text[pos])) pos++;
        int numberEnd = pos;
        int fractionStart = pos, fractionEnd = pos;
        if (pos < end && text[pos] == '.')
        {
            pos++;
            fractionStart = pos;
            while (pos < end && IsDigit(text[pos])) pos++;
            fractionEnd = pos;
        }
        int valueEnd = pos;

        int suffixStart = pos;
        while (pos < end && SuffixLetters.IndexOf(text[pos]) >= 0) pos++;
        if (pos < end)
        {
            if (text[pos] == '-' || text[pos] == '+') pos++;
            while (pos < end && IsDigit(text[pos])) pos++;
            if (pos < end)
            {
                problem = $"'{text[pos]}' at position {pos + 1} is not part of a number or suffix";
                return false;
            }
        }

        if (!TryInterpretSuffix(text, suffixStart, out int numberBase, out int exponent, out var format))
        {
            problem = $"the suffix '{text.Substring(suffixStart)}' is not known";
            return false;
        }

        syntax = new QuantitySyntax(negative, numberStart, numberEnd, fractionStart, fractionEnd, valueEnd, suffixStart, numberBase, exponent, format);
        if (!syntax.TakesFastPath(text, out _) && !HasDigit(text, 0, valueEnd))
        {
            problem = "the number has no digits";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Whether the server parses this quantity into a 64-bit amount (and then needs no digit in the
    /// number); <paramref name="scale"/> is then the power of ten of the digits.
    /// </summary>
    public bool TakesFastPath(string text, out int scale)
    {
        scale = 0;
        long mantissa = 1;
        int precision;
        if (Base == 10)
        {
            scale = Exponent;
            precision = 18 - (NumberLength + FractionLength);
        }
        else if (Exponent >= 0 && FractionLength == 0)
        {
            mantissa = 1L << Exponent;
            precision = 15 - NumberLength - (int)((float)Exponent * 3 / 10) - 1;
        }
        else
        {
            precision = -1;
        }
        if (precision < 0) return false;
        scale = unchecked(scale - FractionLength);
        if (scale < -9) return false;
        long digits = Digits(text);
        if (digits == 0 || mantissa == 1) return true;
        long product = unchecked(digits * mantissa);
        return product / mantissa == digits;
    }

    /// <summary>The number's digits and the fraction's as one integer (callers know it fits in 18 digits).</summary>
    public long Digits(string text)
    {
        long value = 0;
        for (int i = NumberStart; i < NumberEnd; i++) value = value * 10 + (text[i] - '0');
        for (int i = FractionStart; i < FractionEnd; i++) value = value * 10 + (text[i] - '0');
        return value;
    }

    private static bool TryInterpretSuffix(string text, int start, out int numberBase, out int exponent, out QuantityFormat format)
    {
        numberBase = 10;
        exponent = 0;
        format = QuantityFormat.DecimalSI;
        int length = text.Length - start;
        if (length == 0) return true;
        if (length == 1)
        {
            switch (text[start])
            {
                case 'n': exponent = -9; return true;
                case 'u': exponent = -6; return true;
                case 'm': exponent = -3; return true;
                case 'k': exponent = 3; return true;
                case 'M': exponent = 6; return true;
                case 'G': exponent = 9; return true;
                case 'T': exponent = 12; return true;
                case 'P': exponent = 15; return true;
                case 'E': exponent = 18; return true;
                default: return false;
            }
        }
        if (length == 2 && text[start + 1] == 'i')
        {
            numberBase = 2;
            format = QuantityFormat.BinarySI;
            switch (text[start])
            {
                case 'K': exponent = 10; return true;
                case 'M': exponent = 20; return true;
                case 'G': exponent = 30; return true;
                case 'T': exponent = 40; return true;
                case 'P': exponent = 50; return true;
                case 'E': exponent = 60; return true;
            }
            numberBase = 10;
            format = QuantityFormat.DecimalSI;
        }
        if (text[start] != 'e' && text[start] != 'E') return false;

        // strconv.ParseInt(suffix[1:], 10, 64): a sign, then at least one digit, within 64 bits.
        format = QuantityFormat.DecimalExponent;
        int pos = start + 1;
        bool negative = false;
        if (text[pos] == '+' || text[pos] == '-')
        {
            negative = text[pos] == '-';
            pos++;
        }
        if (pos == text.Length) return false;
        ulong magnitude = 0;
        for (; pos < text.Length; pos++)
        {
            if (!IsDigit(text[pos])) return false;
            uint digit = (uint)(text[pos] - '0');
            if (magnitude > (ulong.MaxValue - digit) / 10) return false;
            magnitude = magnitude * 10 + digit;
        }
        if (negative ? magnitude > 1UL << 63 : magnitude > long.MaxValue) return false;
        long parsed = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        // The server keeps the exponent in 32 bits.
        exponent = unchecked((int)parsed);
        return true;
    }

    private static bool HasDigit(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (IsDigit(text[i])) return true;
        }
        return false;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}

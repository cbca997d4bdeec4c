using System;
using System.Globalization;
using System.Text;

namespace Kube.Client.Printing;

/// <summary>
/// How kubectl prints a table cell: nothing for null, a string up to its first line break (then
/// "..."), and other values as Go's fmt.Sprint writes them (true, 42, 0.5, 1e+06).
/// </summary>
public static class TableCellText
{
    public static string Format(object? cell) => cell switch
    {
        null => "",
        string s => FirstLine(s),
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => GoFloat(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static string FirstLine(string s)
    {
        int end = s.IndexOfAny(LineBreaks);
        return end < 0 ? s : s.Substring(0, end) + "...";
    }

    private static readonly char[] LineBreaks = { '\f', '\n', '\r' };

    /// <summary>Go's %v of a float64: the shortest digits that read back, in exponent form below 1e-4 and from 1e+06 on.</summary>
    internal static string GoFloat(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        if (d == 0) return (1 / d) < 0 ? "-0" : "0";

        // The shortest round-trip digits and the decimal exponent, from .NET's "R" (e.g. "1.5E-05", "123.25").
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        bool negative = r[0] == '-';
        if (negative) r = r.Substring(1);
        int exponentAt = r.IndexOfAny(new[] { 'E', 'e' });
        int exponent = 0;
        string mantissa = r;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(r.Substring(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r.Substring(0, exponentAt);
        }
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int pointPosition = (point < 0 ? mantissa.Length : point) + exponent; // digits before the decimal point
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits.Substring(leadingZeros).TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        pointPosition -= leadingZeros;

        int exp = pointPosition - 1;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            int abs = Math.Abs(exp);
            if (abs < 10) sb.Append('0');
            sb.Append(abs.ToString(CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            sb.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        return sb.ToString();
    }
}

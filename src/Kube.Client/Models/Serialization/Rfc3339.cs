using System;
using System.Globalization;

namespace Kube.Client.Models.Serialization;

/// <summary>
/// Parses and formats the RFC 3339 timestamps of the Kubernetes API: metav1.Time is written with
/// whole seconds, metav1.MicroTime with exactly six fractional digits, both in UTC ("Z").
/// </summary>
public static class Rfc3339
{
    private const string SecondsFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";
    private const string MicrosecondsFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    /// <summary>"2021-01-13T13:20:00Z": UTC, fractions truncated as Go's time.RFC3339 layout does.</summary>
    public static string FormatSeconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString(SecondsFormat, CultureInfo.InvariantCulture);

    /// <summary>"2021-01-13T13:20:00.123456Z": UTC, truncated to microseconds.</summary>
    public static string FormatMicroseconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString(MicrosecondsFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (!TryParse(text, out var value))
            throw new FormatException($"'{text}' is not an RFC 3339 timestamp such as '2006-01-02T15:04:05Z' or '2006-01-02T15:04:05.999999+07:00'.");
        return value;
    }

    /// <summary>
    /// Accepts "yyyy-MM-ddTHH:mm:ss", an optional fraction of any length (digits past the 100 ns
    /// tick are dropped), then "Z" or a "+hh:mm"/"-hh:mm" offset. 'T' and 'Z' may be lower case.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20) return false;
        if (!TryDigits(text, 0, 4, out int year) || text[4] != '-' ||
            !TryDigits(text, 5, 2, out int month) || text[7] != '-' ||
            !TryDigits(text, 8, 2, out int day) || (text[10] != 'T' && text[10] != 't') ||
            !TryDigits(text, 11, 2, out int hour) || text[13] != ':' ||
            !TryDigits(text, 14, 2, out int minute) || text[16] != ':' ||
            !TryDigits(text, 17, 2, out int second))
        {
            return false;
        }

        int pos = 19;
        long fractionTicks = 0;
        if (text[pos] == '.')
        {
            pos++;
            int start = pos;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < text.Length && text[pos] >= '0' && text[pos] <= '9')
            {
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (text[pos] - '0') * scale;
                }
                pos++;
            }
            if (pos == start) return false;
        }

        if (pos >= text.Length) return false;
        TimeSpan offset;
        char zone = text[pos];
        if (zone == 'Z' || zone == 'z')
        {
            if (pos + 1 != text.Length) return false;
            offset = TimeSpan.Zero;
        }
        else if (zone == '+' || zone == '-')
        {
            if (pos + 6 != text.Length || text[pos + 3] != ':' ||
                !TryDigits(text, pos + 1, 2, out int offsetHours) ||
                !TryDigits(text, pos + 4, 2, out int offsetMinutes) ||
                offsetHours > 23 || offsetMinutes > 59)
            {
                return false;
            }
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (zone == '-') offset = -offset;
        }
        else
        {
            return false;
        }

        if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
        if (year < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The offset moves the instant outside what DateTimeOffset can hold (year 1 or 9999).
            return false;
        }
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}

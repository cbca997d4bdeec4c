using System;
using System.Globalization;

namespace Kube.PowerShell.Formatting;

/// <summary>kubectl's short human durations: 45s, 5m10s, 3h20m, 4d5h, 2y30d.</summary>
public static class Duration
{
    public static string Human(TimeSpan? span)
    {
        if (span is not TimeSpan d) return "<unknown>";
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        long seconds = (long)d.TotalSeconds;
        long minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86400;
        if (seconds < 120) return F(seconds) + "s";
        if (minutes < 10) return seconds % 60 == 0 ? F(minutes) + "m" : F(minutes) + "m" + F(seconds % 60) + "s";
        if (minutes < 180) return F(minutes) + "m";
        if (hours < 8) return minutes % 60 == 0 ? F(hours) + "h" : F(hours) + "h" + F(minutes % 60) + "m";
        if (hours < 48) return F(hours) + "h";
        if (hours < 192) return hours % 24 == 0 ? F(days) + "d" : F(days) + "d" + F(hours % 24) + "h";
        if (days < 365 * 2) return F(days) + "d";
        if (days < 365 * 8) return days % 365 == 0 ? F(days / 365) + "y" : F(days / 365) + "y" + F(days % 365) + "d";
        return F(days / 365) + "y";
    }

    public static TimeSpan? Since(DateTimeOffset? time) => time is DateTimeOffset t ? DateTimeOffset.UtcNow - t : null;

    private static string F(long n) => n.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.Globalization;

namespace Kube.Client.Streams.Logs;

/// <summary>The kubelet's log timestamps: RFC 3339 with up to nine fractional digits (more than DateTimeOffset keeps).</summary>
internal static class LogTimestamp
{
    public static bool TryParse(string raw, out DateTimeOffset time)
    {
        time = default;
        if (raw.Length < 20 || raw[4] != '-' || raw[10] != 'T') return false;
        string text = raw;
        int dot = raw.IndexOf('.');
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < raw.Length && char.IsDigit(raw[end])) end++;
            // Seven digits is a tick; the rest cannot be kept.
            if (end - dot - 1 > 7) text = raw.Substring(0, dot + 8) + raw.Substring(end);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}

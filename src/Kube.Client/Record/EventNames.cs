using System;
using System.Globalization;

namespace Kube.Client.Record;

/// <summary>Event names as client-go makes them: the object's name, a dot, and the time in Unix nanoseconds in hex.</summary>
internal static class EventNames
{
    private static readonly DateTimeOffset Epoch = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string For(string? objectName, DateTimeOffset time)
    {
        long nanos = (time - Epoch).Ticks * 100;
        return $"{objectName}.{nanos.ToString("x", CultureInfo.InvariantCulture)}";
    }
}

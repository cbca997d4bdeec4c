using System;
using System.Globalization;
using System.Management.Automation;

namespace Kube.PowerShell.Parameters;

/// <summary>
/// Lets -Since take either a duration back from now (seconds, "10m", "1h30m", a TimeSpan: kubectl's
/// --since) or a point in time (a DateTime, DateTimeOffset or RFC 3339 text: kubectl's
/// --since-time). The parameter receives a TimeSpan or a DateTimeOffset.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SinceTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject ps ? ps.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null!;
            case TimeSpan span:
                return span;
            case DateTimeOffset time:
                return time;
            case DateTime time:
                return time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Local)) : new DateTimeOffset(time);
            case int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string text:
                text = text.Trim();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var parsed) && text.IndexOf('-') > 0)
                    return parsed;
                try
                {
                    return DurationTransformationAttribute.Parse(text);
                }
                catch (ArgumentTransformationMetadataException)
                {
                    throw new ArgumentTransformationMetadataException(
                        $"'{text}' is neither a duration (30, 90s, 10m, 1h30m, 00:05:00) nor a time (2024-05-01T10:00:00Z).");
                }
            default:
                return inputData;
        }
    }
}

using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace Kube.PowerShell.Parameters;

/// <summary>
/// Lets a TimeSpan parameter take what a user means by a duration: a number is seconds (as
/// Wait-Job -Timeout 30), a string may be kubectl's "90s", "5m", "1h30m" or "500ms", or a
/// TimeSpan such as "00:02:00". Without it PowerShell reads 30 as 30 ticks and "30" as 30 days.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly Regex GoDuration = new(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h))+$", RegexOptions.CultureInvariant);
    private static readonly Regex GoDurationPart = new(@"(\d+(?:\.\d+)?)(ms|s|m|h)", RegexOptions.CultureInvariant);

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject ps ? ps.BaseObject : inputData;
        switch (value)
        {
            case TimeSpan span:
                return span;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case double or float or decimal:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string text:
                return Parse(text.Trim());
            default:
                return inputData;
        }
    }

    internal static TimeSpan Parse(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            return TimeSpan.FromSeconds(seconds);
        if (GoDuration.IsMatch(text))
        {
            var total = TimeSpan.Zero;
            foreach (Match part in GoDurationPart.Matches(text))
            {
                double n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                total += part.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(n),
                    "s" => TimeSpan.FromSeconds(n),
                    "m" => TimeSpan.FromMinutes(n),
                    _ => TimeSpan.FromHours(n),
                };
            }
            return total;
        }
        if (text.IndexOf(':') >= 0 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
            return span;
        throw new ArgumentTransformationMetadataException(
            $"'{text}' is not a duration: give seconds (30), a duration such as 90s, 5m or 1h30m, or a TimeSpan such as 00:05:00.");
    }
}

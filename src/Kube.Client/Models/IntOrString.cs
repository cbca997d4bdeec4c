using System;
using System.Globalization;
using System.Text.Json.Serialization;
using Kube.Client.Models.Serialization;

namespace Kube.Client.Models;

/// <summary>
/// A value that is either a 32-bit integer or a string (intstr.IntOrString): ports given by number
/// or by name, and counts given as a number or a percentage ("25%"). It keeps which of the two it
/// was, so 80 and "80" stay different on the wire and are not equal.
/// </summary>
[JsonConverter(typeof(IntOrStringConverter))]
public sealed class IntOrString : IEquatable<IntOrString>
{
    private readonly int _int;
    private readonly string? _string;

    private IntOrString(int value)
    {
        _int = value;
    }

    private IntOrString(string value)
    {
        _string = value;
    }

    public static IntOrString FromInt(int value) => new(value);

    public static IntOrString FromString(string value) =>
        new(value ?? throw new ArgumentNullException(nameof(value)));

    public bool IsInt => _string is null;

    /// <summary>The integer; 0 when this holds a string.</summary>
    public int IntValue => _int;

    /// <summary>The string; null when this holds an integer.</summary>
    public string? StringValue => _string;

    public static implicit operator IntOrString(int value) => new(value);

    public static implicit operator IntOrString?(string? value) => value is null ? null : new IntOrString(value);

    public bool Equals(IntOrString? other) =>
        other is not null && IsInt == other.IsInt && _int == other._int && string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is IntOrString other && Equals(other);

    public override int GetHashCode() => IsInt ? _int.GetHashCode() : StringComparer.Ordinal.GetHashCode(_string!) ^ 0x5bd1e995;

    public static bool operator ==(IntOrString? left, IntOrString? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(IntOrString? left, IntOrString? right) => !(left == right);

    public override string ToString() => _string ?? _int.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Kube.Client.Labels;

/// <summary>
/// One condition of a label <see cref="Selector"/>: a key, an operator and its values
/// (apimachinery's labels.Requirement). Immutable; the constructor checks the key, the values and
/// their number against the operator exactly as the API server does.
/// </summary>
public sealed class Requirement : IEquatable<Requirement>
{
    private static readonly string[] NoValues = Array.Empty<string>();

    /// <exception cref="ArgumentException">
    /// The key or a value is not a valid label key or value, or the values do not fit the operator:
    /// in and notin need at least one, =, ==, != and the comparisons exactly one (an integer for
    /// the comparisons), exists and !exists none.
    /// </exception>
    public Requirement(string key, SelectorOperator @operator, IEnumerable<string>? values = null)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        var set = Normalize(values);
        if (Check(key, @operator, set) is { } error) throw new ArgumentException(error);
        Key = key;
        Operator = @operator;
        Values = set;
    }

    private Requirement(string key, SelectorOperator @operator, string[] set)
    {
        Key = key;
        Operator = @operator;
        Values = set;
    }

    /// <summary>The requirement, or null and why not (the parser reports it as a format error).</summary>
    internal static Requirement? TryCreate(string key, SelectorOperator @operator, IEnumerable<string>? values, out string? error)
    {
        var set = Normalize(values);
        error = Check(key, @operator, set);
        return error is null ? new Requirement(key, @operator, set) : null;
    }

    /// <summary>Values form a set, kept sorted, as the server keeps them.</summary>
    private static string[] Normalize(IEnumerable<string>? values) =>
        values is null ? NoValues : values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToArray();

    private static string? Check(string key, SelectorOperator @operator, string[] set)
    {
        if (LabelValidation.KeyError(key) is { } keyError) return $"invalid label key \"{key}\": {keyError}";
        switch (@operator)
        {
            case SelectorOperator.In:
            case SelectorOperator.NotIn:
                if (set.Length == 0) return $"the '{Symbol(@operator).Trim()}' requirement on \"{key}\" needs at least one value";
                break;
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
            case SelectorOperator.NotEquals:
                if (set.Length != 1) return $"the '{Symbol(@operator)}' requirement on \"{key}\" needs exactly one value (got {set.Length})";
                break;
            case SelectorOperator.Exists:
            case SelectorOperator.DoesNotExist:
                if (set.Length != 0) return $"the {(@operator == SelectorOperator.Exists ? "exists" : "does-not-exist")} requirement on \"{key}\" takes no values (got {set.Length})";
                break;
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                if (set.Length != 1) return $"the '{Symbol(@operator)}' requirement on \"{key}\" needs exactly one value (got {set.Length})";
                if (!TryParseInteger(set[0], out _)) return $"the '{Symbol(@operator)}' requirement on \"{key}\" compares integers, but \"{set[0]}\" is not one";
                break;
            default:
                return $"{@operator} is not a selector operator";
        }
        foreach (string value in set)
        {
            if (value is null) return $"the requirement on \"{key}\" has a null value";
            if (LabelValidation.ValueError(value) is { } valueError) return $"invalid label value \"{value}\" for key \"{key}\": {valueError}";
        }
        return null;
    }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    /// <summary>The values, distinct and in ordinal order; empty for exists and !exists.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Whether a set of labels meets this requirement; null means no labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        bool has = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case SelectorOperator.In:
            case SelectorOperator.Equals:
            case SelectorOperator.DoubleEquals:
                return has && HasValue(value!);
            case SelectorOperator.NotIn:
            case SelectorOperator.NotEquals:
                return !has || !HasValue(value!);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.GreaterThan:
            case SelectorOperator.LessThan:
                // A label whose value is not an integer never matches a comparison.
                if (!has || !TryParseInteger(value!, out long actual) || !TryParseInteger(Values[0], out long bound)) return false;
                return Operator == SelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>The requirement in the server's syntax, such as <c>tier in (a,b)</c> or <c>!canary</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist) text.Append('!');
        text.Append(Key);
        if (Operator is SelectorOperator.Exists or SelectorOperator.DoesNotExist) return text.ToString();
        text.Append(Symbol(Operator));
        if (Operator is SelectorOperator.In or SelectorOperator.NotIn)
            text.Append('(').Append(string.Join(",", Values)).Append(')');
        else
            text.Append(string.Join(",", Values));
        return text.ToString();
    }

    public bool Equals(Requirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override bool Equals(object? obj) => obj is Requirement other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = StringComparer.Ordinal.GetHashCode(Key) * 31 + (int)Operator;
            foreach (string v in Values) hash = hash * 31 + StringComparer.Ordinal.GetHashCode(v);
            return hash;
        }
    }

    private bool HasValue(string value)
    {
        foreach (string v in Values)
            if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, nothing else.</summary>
    internal static bool TryParseInteger(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Symbol(SelectorOperator op) => op switch
    {
        SelectorOperator.Equals => "=",
        SelectorOperator.DoubleEquals => "==",
        SelectorOperator.NotEquals => "!=",
        SelectorOperator.In => " in ",
        SelectorOperator.NotIn => " notin ",
        SelectorOperator.GreaterThan => ">",
        SelectorOperator.LessThan => "<",
        _ => "",
    };
}

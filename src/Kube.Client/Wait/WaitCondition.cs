using System;
using System.Linq;
using System.Text.Json.Nodes;
using Kube.Client.JsonPath;

namespace Kube.Client.Wait;

/// <summary>
/// What <c>kubectl wait --for</c> waits for, checked against each state an object takes:
/// a status condition (<c>condition=Available</c>, <c>condition=Ready=False</c>), a JSONPath value
/// (<c>jsonpath={.status.phase}=Running</c>), or deletion.
/// </summary>
public abstract class WaitCondition
{
    /// <summary>Whether the condition holds for the object's state (null: the object does not exist).</summary>
    public abstract bool IsMet(JsonObject? obj);

    /// <summary>What the condition looks at in the object's state, for progress and timeout messages ("Available=False", "phase Pending", "absent").</summary>
    public abstract string Describe(JsonObject? obj);

    /// <summary>What waiting for this condition is waiting for, after the object's name: "to be deleted", "to meet condition Ready=True".</summary>
    public virtual string Goal => $"to meet {this}";

    /// <summary>The object must be gone (never created counts as gone, as in kubectl wait --for=delete).</summary>
    public static WaitCondition Deleted { get; } = new DeletedCondition(null);

    /// <summary>
    /// The object with this uid must be gone: absent, or replaced by a new object of the same name (another
    /// uid), which a wait after a delete must not mistake for the deleted one. A null uid is <see cref="Deleted"/>.
    /// </summary>
    public static WaitCondition DeletedObject(string? uid) => string.IsNullOrEmpty(uid) ? Deleted : new DeletedCondition(uid);

    /// <summary>
    /// A condition of status.conditions: "Available" (status True), "Available=True", "Ready=false"
    /// (condition types match without case, as kubectl does; the status too).
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty or has no type before '='.</exception>
    public static WaitCondition Condition(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("the condition is empty: expected a condition type such as 'Available' or 'Available=True'", nameof(text));
        int eq = text.IndexOf('=');
        string type = (eq < 0 ? text : text.Substring(0, eq)).Trim();
        string status = eq < 0 ? "True" : text.Substring(eq + 1).Trim();
        if (type.Length == 0) throw new ArgumentException($"'{text}' names no condition type: expected 'Type' or 'Type=Status', such as 'Available=True'", nameof(text));
        if (status.Length == 0) throw new ArgumentException($"'{text}' has no status after '=': expected True, False or Unknown", nameof(text));
        return new StatusCondition(type, status);
    }

    /// <summary>
    /// A JSONPath that must select <paramref name="value"/> (compared as kubectl prints values), or, without
    /// a value, select anything at all.
    /// </summary>
    /// <exception cref="JsonPathException">The expression does not parse.</exception>
    public static WaitCondition JsonPathValue(string expression, string? value) => new JsonPathCondition(JsonPathExpression.Parse(expression), value);

    private sealed class DeletedCondition : WaitCondition
    {
        private readonly string? _uid;

        public DeletedCondition(string? uid)
        {
            _uid = uid;
        }

        public override string Goal => "to be deleted";

        public override bool IsMet(JsonObject? obj) => obj is null || (_uid is not null && !IsSameObject(obj));

        public override string Describe(JsonObject? obj)
        {
            if (obj is null) return "deleted";
            if (_uid is not null && !IsSameObject(obj)) return "deleted (a new object of that name exists)";
            var metadata = obj["metadata"];
            if (metadata?["deletionTimestamp"] is null) return "still present";
            return metadata["finalizers"] is JsonArray { Count: > 0 } finalizers
                ? $"still present (terminating, finalizers {string.Join(", ", finalizers.Select(f => f?.ToString()))})"
                : "still present (terminating)";
        }

        private bool IsSameObject(JsonObject obj) => obj["metadata"]?["uid"]?.ToString() == _uid;

        public override string ToString() => "deletion";
    }

    private sealed class StatusCondition : WaitCondition
    {
        private readonly string _type;
        private readonly string _status;

        public StatusCondition(string type, string status)
        {
            _type = type;
            _status = status;
        }

        public override bool IsMet(JsonObject? obj) =>
            Find(obj) is { } condition && string.Equals(condition["status"]?.ToString(), _status, StringComparison.OrdinalIgnoreCase);

        public override string Describe(JsonObject? obj)
        {
            if (obj is null) return "absent";
            if (Find(obj) is not { } condition) return $"no {_type} condition";
            string described = $"{_type}={condition["status"]}";
            if (condition["reason"] is { } reason) described += $" ({reason})";
            return described;
        }

        private JsonObject? Find(JsonObject? obj) =>
            (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(c => string.Equals(c["type"]?.ToString(), _type, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => $"condition {_type}={_status}";
    }

    private sealed class JsonPathCondition : WaitCondition
    {
        private readonly JsonPathExpression _path;
        private readonly string? _value;

        public JsonPathCondition(JsonPathExpression path, string? value)
        {
            _path = path;
            _value = value;
        }

        public override bool IsMet(JsonObject? obj)
        {
            if (obj is null) return false;
            var values = _path.EvaluateStrings(obj);
            return _value is null ? values.Count > 0 : values.Any(v => v == _value);
        }

        public override string Describe(JsonObject? obj)
        {
            if (obj is null) return "absent";
            var values = _path.EvaluateStrings(obj);
            return values.Count == 0 ? $"{_path} selects nothing" : $"{_path} is {string.Join(", ", values.Select(v => "'" + v + "'"))}";
        }

        public override string ToString() => _value is null ? $"{_path} to exist" : $"{_path} = '{_value}'";
    }
}

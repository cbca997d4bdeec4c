using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>The keys under which the <see cref="EventCorrelator"/> groups events.</summary>
public static class EventKeys
{
    /// <summary>Everything that makes two events the same one: source, object, type, reason and message.</summary>
    public static string Identity(Event e) => Join(
        e.Source?.Component, e.Source?.Host,
        e.InvolvedObject?.Kind, e.InvolvedObject?.Namespace, e.InvolvedObject?.Name, e.InvolvedObject?.FieldPath, e.InvolvedObject?.Uid, e.InvolvedObject?.ApiVersion,
        e.Type, e.Reason, e.Message);

    /// <summary>The source and object: the spam filter's rate limit is per key.</summary>
    public static string Spam(Event e) => Join(
        e.Source?.Component, e.Source?.Host,
        e.InvolvedObject?.Kind, e.InvolvedObject?.Namespace, e.InvolvedObject?.Name, e.InvolvedObject?.Uid, e.InvolvedObject?.ApiVersion);

    /// <summary>
    /// The aggregator's grouping by everything but the message (the aggregate key), and the message
    /// itself (the local key): many messages under one aggregate key get combined.
    /// </summary>
    public static (string AggregateKey, string LocalKey) ByReason(Event e) => (Join(
        e.Source?.Component, e.Source?.Host,
        e.InvolvedObject?.Kind, e.InvolvedObject?.Namespace, e.InvolvedObject?.Name, e.InvolvedObject?.Uid, e.InvolvedObject?.ApiVersion,
        e.Type, e.Reason, e.ReportingComponent, e.ReportingInstance), e.Message ?? "");

    /// <summary>The message of an event that stands for many similar ones.</summary>
    public static string CombinedMessage(Event e) => "(combined from similar events): " + e.Message;

    // A separator that cannot occur in names keeps "ab"+"c" apart from "a"+"bc".
    private static string Join(params string?[] parts) => string.Join("\u0001", parts);
}

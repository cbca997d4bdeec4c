using Kube.Client.Models.CoreV1;

namespace Kube.Client.Record;

/// <summary>What to write for an event: skip it, create it, or patch the event it repeats.</summary>
public sealed class EventCorrelateResult
{
    internal EventCorrelateResult(Event? @event, string? patch, bool skip)
    {
        Event = @event;
        Patch = patch;
        Skip = skip;
    }

    /// <summary>The event to write (null when skipped): a repeat has the name, first timestamp and count of the one it repeats.</summary>
    public Event? Event { get; }

    /// <summary>For a repeat (count above 1), the strategic merge patch of count, lastTimestamp and message; null otherwise.</summary>
    public string? Patch { get; }

    /// <summary>True when the spam filter dropped the event.</summary>
    public bool Skip { get; }

    /// <summary>True when the event repeats one already written, which is patched rather than created.</summary>
    public bool IsRepeat => Event?.Count > 1;
}

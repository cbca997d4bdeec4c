using System;

namespace Kube.Client.Operations;

/// <summary>
/// How far a rollout has come, judged by <see cref="RolloutStatusViewer"/> from one state of the
/// object: done or not, what it waits for, and the replica counts behind that.
/// </summary>
public sealed class RolloutStatus
{
    internal RolloutStatus(RolloutKind kind, string name, bool done, bool observed, string message, int desired, int updated, int ready, int available)
    {
        Kind = kind;
        Name = name;
        Done = done;
        Observed = observed;
        Message = message;
        Desired = desired;
        Updated = updated;
        Ready = ready;
        Available = available;
    }

    public RolloutKind Kind { get; }

    public string Name { get; }

    /// <summary>True when the rollout is complete.</summary>
    public bool Done { get; }

    /// <summary>False while the controller has not yet acted on the newest spec (status.observedGeneration behind metadata.generation).</summary>
    public bool Observed { get; }

    /// <summary>What the rollout waits for, or that it is complete.</summary>
    public string Message { get; }

    /// <summary>Replicas (or, for a DaemonSet, nodes) the spec asks for.</summary>
    public int Desired { get; }

    /// <summary>Replicas (pods) running the newest template.</summary>
    public int Updated { get; }

    public int Ready { get; }

    public int Available { get; }

    /// <summary>
    /// A rough share of the work done, for progress bars: half for replicas updated, half for
    /// updated replicas available (ready, for a StatefulSet); 100 only when <see cref="Done"/>.
    /// </summary>
    public int PercentComplete
    {
        get
        {
            if (Done) return 100;
            if (!Observed || Desired <= 0) return 0;
            double updated = Math.Min(Updated, Desired);
            double available = Math.Min(Math.Min(Available, Updated), Desired);
            int percent = (int)(100 * (updated + available) / (2.0 * Desired));
            return Math.Max(0, Math.Min(99, percent));
        }
    }

    public override string ToString() => Message;
}

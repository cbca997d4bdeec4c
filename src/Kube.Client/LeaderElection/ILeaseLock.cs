using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.LeaderElection;

/// <summary>
/// The object an election is held on (client-go's resourcelock.Interface), for one candidate.
/// <see cref="UpdateAsync"/> writes over the version of the object last read or written, so a
/// concurrent change makes it fail with a conflict instead of being overwritten. A lock is used
/// by one elector at a time.
/// </summary>
public interface ILeaseLock
{
    /// <summary>The identity of this candidate, unique among the candidates.</summary>
    string Identity { get; }

    /// <summary>The lock object for messages, such as "namespace/name".</summary>
    string Description { get; }

    /// <summary>Reads the record; null when the lock object does not exist.</summary>
    Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the lock object holding <paramref name="record"/>; fails if it already exists.</summary>
    Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record, on the version last read or written; fails with a conflict when the
    /// object has changed since.
    /// </summary>
    Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken);
}

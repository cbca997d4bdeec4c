using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Typed.CoordinationV1;

namespace Kube.Client.LeaderElection;

/// <summary>
/// An election held on a coordination.k8s.io/v1 Lease (client-go's LeaseLock). Updates carry the
/// resourceVersion last seen, so the API server rejects a write that raced with another
/// candidate's (409 Conflict). Fields of the Lease this lock does not manage (labels,
/// annotations, newer spec fields) are kept on update.
/// </summary>
public sealed class LeaseLock : ILeaseLock
{
    private readonly LeasesClient _leases;
    private Lease? _lease;

    /// <summary>A lock on the Lease <paramref name="name"/> in <paramref name="namespace"/>.</summary>
    public LeaseLock(Clientset clientset, string @namespace, string name, string identity)
        : this((clientset ?? throw new ArgumentNullException(nameof(clientset))).CoordinationV1().Leases(Required(@namespace, nameof(@namespace), "namespace")), name, identity)
    {
    }

    /// <summary>A lock on the Lease <paramref name="name"/> of a client made for one namespace.</summary>
    public LeaseLock(LeasesClient leases, string name, string identity)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        Namespace = leases.Generic.Namespace
            ?? throw new ArgumentException("The Lease client must be made for one namespace, not all namespaces.", nameof(leases));
        Name = Required(name, nameof(name), "Lease name");
        Identity = Required(identity, nameof(identity), "candidate identity");
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Identity { get; }

    public string Description => Namespace + "/" + Name;

    public async Task<LeaderElectionRecord?> GetAsync(CancellationToken cancellationToken)
    {
        Lease lease;
        try
        {
            lease = await _leases.GetAsync(Name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            _lease = null;
            return null;
        }
        _lease = lease;
        return ToRecord(lease.Spec);
    }

    public async Task CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        var lease = new Lease
        {
            Metadata = new ObjectMeta { Name = Name, Namespace = Namespace },
            Spec = ToSpec(record, null),
        };
        _lease = await _leases.CreateAsync(lease, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        var current = _lease ?? throw new InvalidOperationException(
            $"The Lease {Description} has not been read or created yet; call GetAsync or CreateAsync before UpdateAsync.");
        var lease = new Lease
        {
            Metadata = current.Metadata,
            Spec = ToSpec(record, current.Spec),
            ExtensionData = current.ExtensionData,
        };
        _lease = await _leases.UpdateAsync(lease, null, cancellationToken).ConfigureAwait(false);
    }

    private static LeaderElectionRecord ToRecord(LeaseSpec? spec) => new()
    {
        HolderIdentity = spec?.HolderIdentity ?? "",
        LeaseDurationSeconds = spec?.LeaseDurationSeconds ?? 0,
        AcquireTime = spec?.AcquireTime,
        RenewTime = spec?.RenewTime,
        LeaderTransitions = spec?.LeaseTransitions ?? 0,
    };

    private static LeaseSpec ToSpec(LeaderElectionRecord record, LeaseSpec? previous) => new()
    {
        HolderIdentity = record.HolderIdentity,
        LeaseDurationSeconds = record.LeaseDurationSeconds,
        AcquireTime = record.AcquireTime,
        RenewTime = record.RenewTime,
        LeaseTransitions = record.LeaderTransitions,
        ExtensionData = previous?.ExtensionData,
    };

    private static string Required(string value, string parameter, string what) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"A {what} is required.", parameter) : value;
}

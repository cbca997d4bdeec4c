using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>
/// Delete propagation as the real garbage collector carries it out, on a ConfigMap that owns
/// other ConfigMaps through ownerReferences.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GarbageCollectionTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public GarbageCollectionTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    /// <summary>Creates an owner and two dependents, all labelled family=<paramref name="family"/>.</summary>
    private async Task<(ConfigMap Owner, string[] Dependents)> CreateFamilyAsync(string family)
    {
        var labels = Objects.Labels(("family", family));
        var owner = await ConfigMaps.CreateAsync(Objects.ConfigMap(family + "-owner", labels));
        var dependents = new[] { family + "-child-1", family + "-child-2" };
        foreach (var name in dependents)
        {
            var child = Objects.ConfigMap(name, labels);
            child.Metadata!.OwnerReferences = new List<OwnerReference> { Objects.OwnedBy(owner) };
            await ConfigMaps.CreateAsync(child);
        }
        return (owner, dependents);
    }

    private static DeleteOptions Propagation(string policy) => new() { PropagationPolicy = policy };

    [Fact]
    public async Task Foreground_deletion_removes_the_dependents_before_the_owner()
    {
        var (owner, dependents) = await CreateFamilyAsync("fg");
        var ownerName = owner.Metadata!.Name!;
        var from = (await ConfigMaps.ListAsync(new ListOptions { LabelSelector = "family=fg" })).Metadata!.ResourceVersion;
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var events = new List<WatchEvent<ConfigMap>>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in ConfigMaps.WatchAsync(new ListOptions { LabelSelector = "family=fg", ResourceVersion = from }, timeout.Token))
            {
                events.Add(e);
                if (e.Type == WatchEventType.Deleted && e.Object.Metadata!.Name == ownerName) return;
            }
        });

        await ConfigMaps.DeleteAsync(ownerName, Propagation("Foreground"));
        await watching;

        var sequence = events.Select(e => (e.Type, e.Object.Metadata!.Name)).ToList();
        int ownerGone = sequence.IndexOf((WatchEventType.Deleted, ownerName));
        foreach (var dependent in dependents)
            Assert.InRange(sequence.IndexOf((WatchEventType.Deleted, dependent)), 0, ownerGone - 1);
        // While it waited for its dependents, the owner was marked for deletion and held by the
        // foregroundDeletion finalizer.
        Assert.Contains(events, e => e.Type == WatchEventType.Modified && e.Object.Metadata!.Name == ownerName &&
                                     e.Object.Metadata.DeletionTimestamp is not null &&
                                     e.Object.Metadata.Finalizers?.Contains("foregroundDeletion") == true);
    }

    [Fact]
    public async Task Background_deletion_removes_the_owner_at_once_and_the_dependents_later()
    {
        var (owner, dependents) = await CreateFamilyAsync("bg");

        await ConfigMaps.DeleteAsync(owner.Metadata!.Name!, Propagation("Background"));

        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.GetAsync(owner.Metadata.Name!));
        Assert.True(error.IsNotFound);
        foreach (var dependent in dependents)
            await Eventually.GoneAsync($"dependent {dependent}", ct => ConfigMaps.GetAsync(dependent, cancellationToken: ct));
    }

    [Fact]
    public async Task Orphan_deletion_removes_the_owner_and_leaves_the_dependents_without_owner_references()
    {
        var (owner, dependents) = await CreateFamilyAsync("orphan");

        await ConfigMaps.DeleteAsync(owner.Metadata!.Name!, Propagation("Orphan"));
        await Eventually.GoneAsync("the owner " + owner.Metadata.Name, ct => ConfigMaps.GetAsync(owner.Metadata.Name!, cancellationToken: ct));

        foreach (var dependent in dependents)
        {
            var survivor = await ConfigMaps.GetAsync(dependent);
            Assert.Null(survivor.Metadata!.DeletionTimestamp);
            Assert.Empty(survivor.Metadata.OwnerReferences ?? new List<OwnerReference>());
        }
    }

    [Fact]
    public async Task Orphan_deletion_with_the_older_orphan_dependents_flag_also_orphans()
    {
        var (owner, dependents) = await CreateFamilyAsync("legacy");

        await ConfigMaps.DeleteAsync(owner.Metadata!.Name!, new DeleteOptions { OrphanDependents = true });
        await Eventually.GoneAsync("the owner " + owner.Metadata.Name, ct => ConfigMaps.GetAsync(owner.Metadata.Name!, cancellationToken: ct));

        foreach (var dependent in dependents)
            Assert.Null((await ConfigMaps.GetAsync(dependent)).Metadata!.OwnerReferences?.FirstOrDefault());
    }

    [Fact]
    public async Task Delete_with_a_stale_uid_precondition_is_a_conflict_and_deletes_nothing()
    {
        var name = ClusterFixture.UniqueName("precondition");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name));

        var wrongUid = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            ConfigMaps.DeleteAsync(name, new DeleteOptions { Preconditions = new Preconditions { Uid = wrongUid } }));

        Assert.True(error.IsConflict, error.Message);
        Assert.Contains($"the UID in the precondition ({wrongUid}) does not match the UID in record", error.Message);
        await ConfigMaps.GetAsync(name);
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.LeaderElection;
using Kube.Client.Models.CoordinationV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Tests.Fakes;
using Xunit;

namespace Kube.Client.Tests.LeaderElection;

public class LeaseLockTests
{
    private readonly FakeLeaseServer _server = new();
    private readonly LeaseLock _lock;

    public LeaseLockTests() =>
        _lock = new LeaseLock(new Clientset(TestRest.Create(_server.CreateHandler("me"), maxRetries: 0)), "ns", "lease", "me");

    private static readonly DateTimeOffset When = new(2024, 1, 2, 3, 4, 5, 123_456 / 1000, TimeSpan.Zero);

    private static LeaderElectionRecord Record(string holder) => new()
    {
        HolderIdentity = holder,
        LeaseDurationSeconds = 15,
        AcquireTime = When,
        RenewTime = When.AddTicks(4560),
        LeaderTransitions = 3,
    };

    [Fact]
    public async Task A_missing_lease_reads_as_null()
    {
        Assert.Null(await _lock.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_created_record_reads_back_equal_with_microsecond_times()
    {
        await _lock.CreateAsync(Record("me"), CancellationToken.None);

        Assert.Equal(Record("me"), await _lock.GetAsync(CancellationToken.None));
        Assert.Equal(("ns/lease", "me"), (_lock.Description, _lock.Identity));
    }

    [Fact]
    public async Task Update_before_reading_is_refused_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _lock.UpdateAsync(Record("me"), CancellationToken.None));
        Assert.Contains("ns/lease", e.Message);
    }

    [Fact]
    public async Task Update_over_a_version_changed_since_it_was_read_is_a_conflict()
    {
        await _lock.CreateAsync(Record("me"), CancellationToken.None);
        _server.Change("ns", "lease", l => l.Spec!.HolderIdentity = "other");

        var e = await Assert.ThrowsAsync<KubeApiException>(() => _lock.UpdateAsync(Record("me"), CancellationToken.None));

        Assert.True(e.IsConflict);
        Assert.Equal("other", _server.Get("ns", "lease")!.Spec!.HolderIdentity);
    }

    [Fact]
    public async Task Update_keeps_labels_annotations_and_spec_fields_it_does_not_manage()
    {
        _server.Put(new Lease
        {
            Metadata = new ObjectMeta
            {
                Name = "lease",
                Namespace = "ns",
                Labels = new Dictionary<string, string> { ["app"] = "demo" },
                Annotations = new Dictionary<string, string> { ["note"] = "keep" },
            },
            Spec = new LeaseSpec
            {
                HolderIdentity = "old",
                ExtensionData = new Dictionary<string, JsonElement> { ["strategy"] = JsonDocument.Parse("\"OldestEmulationVersion\"").RootElement },
            },
        });
        await _lock.GetAsync(CancellationToken.None);

        await _lock.UpdateAsync(Record("me"), CancellationToken.None);

        var stored = _server.Get("ns", "lease")!;
        Assert.Equal("me", stored.Spec!.HolderIdentity);
        Assert.Equal("demo", stored.Metadata!.Labels!["app"]);
        Assert.Equal("keep", stored.Metadata.Annotations!["note"]);
        Assert.Equal("OldestEmulationVersion", stored.Spec.ExtensionData!["strategy"].GetString());
    }

    [Fact]
    public async Task Create_over_an_existing_lease_fails_as_already_exists()
    {
        await _lock.CreateAsync(Record("me"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => _lock.CreateAsync(Record("me"), CancellationToken.None));

        Assert.True(e.IsAlreadyExists);
    }
}

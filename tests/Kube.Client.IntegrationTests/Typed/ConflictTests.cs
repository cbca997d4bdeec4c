using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Rest;
using Kube.Client.Retry;
using Xunit;

namespace Kube.Client.IntegrationTests.Typed;

/// <summary>Optimistic concurrency: resourceVersion preconditions and <see cref="ConflictRetry"/>.</summary>
[Trait("Category", "Integration")]
public sealed class ConflictTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _cluster;

    public ConflictTests(ClusterFixture cluster) => _cluster = cluster;

    private Kube.Client.Typed.CoreV1.ConfigMapsClient ConfigMaps => _cluster.Clientset.CoreV1().ConfigMaps(_cluster.Namespace);

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var name = ClusterFixture.UniqueName("stale");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: new Dictionary<string, string> { ["n"] = "0" }));
        var first = await ConfigMaps.GetAsync(name);
        var second = await ConfigMaps.GetAsync(name);
        first.Data!["n"] = "1";
        await ConfigMaps.UpdateAsync(first);

        second.Data!["n"] = "2";
        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.UpdateAsync(second));

        Assert.True(error.IsConflict);
        Assert.True(KubeApiException.IsConflictError(error));
        Assert.Equal(409, error.StatusCode);
        Assert.False(error.IsAlreadyExists);
        Assert.Contains("the object has been modified", error.Message);
        Assert.Equal("1", (await ConfigMaps.GetAsync(name)).Data!["n"]);
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_already_exists_not_conflict()
    {
        var name = ClusterFixture.UniqueName("twice");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name));

        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConfigMaps.CreateAsync(Objects.ConfigMap(name)));

        Assert.True(error.IsAlreadyExists);
        Assert.False(error.IsConflict);
        Assert.Contains("already exists", error.Message);
    }

    [Fact]
    public async Task Retry_on_conflict_reads_again_and_wins_after_losing_a_real_race()
    {
        var name = ClusterFixture.UniqueName("race");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: new Dictionary<string, string> { ["counter"] = "0" }));
        int attempts = 0;

        // client-go's usual pattern: get, change, update, and all of it again on a conflict.
        var result = await ConflictRetry.RetryOnConflictAsync(async ct =>
        {
            var current = await ConfigMaps.GetAsync(name, cancellationToken: ct);
            if (Interlocked.Increment(ref attempts) == 1)
            {
                // Another writer gets in between our read and our write.
                var rival = await ConfigMaps.GetAsync(name, cancellationToken: ct);
                rival.Data!["rival"] = "was here";
                rival.Data["counter"] = "10";
                await ConfigMaps.UpdateAsync(rival, cancellationToken: ct);
            }
            current.Data!["counter"] = (int.Parse(current.Data["counter"]) + 1).ToString();
            return await ConfigMaps.UpdateAsync(current, cancellationToken: ct);
        });

        Assert.Equal(2, attempts);
        Assert.Equal("11", result.Data!["counter"]);
        Assert.Equal("was here", result.Data["rival"]);
        Assert.Equal("11", (await ConfigMaps.GetAsync(name)).Data!["counter"]);
    }

    [Fact]
    public async Task Retry_on_conflict_gives_up_after_its_steps_with_the_last_conflict()
    {
        var name = ClusterFixture.UniqueName("hopeless");
        await ConfigMaps.CreateAsync(Objects.ConfigMap(name, data: new Dictionary<string, string> { ["n"] = "0" }));
        var stale = await ConfigMaps.GetAsync(name);
        var fresh = await ConfigMaps.GetAsync(name);
        fresh.Data!["n"] = "moved on";
        await ConfigMaps.UpdateAsync(fresh);
        int attempts = 0;

        var error = await Assert.ThrowsAsync<KubeApiException>(() => ConflictRetry.RetryOnConflictAsync(ct =>
        {
            attempts++;
            return ConfigMaps.UpdateAsync(stale, cancellationToken: ct);
        }, new Backoff(TimeSpan.FromMilliseconds(10), factor: 1, jitter: 0, steps: 3)));

        Assert.True(error.IsConflict);
        Assert.Equal(3, attempts);
    }
}

using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Rest;

namespace Kube.Client.IntegrationTests.Discovery;

/// <summary>Raw JSON calls for test set-up (CRDs, APIServices) and waits for the server to catch up.</summary>
public static class ClusterJson
{
    public static Task CreateAsync(RestClient rest, string collectionPath, string json) =>
        rest.Post().AbsPath(collectionPath).Body(json).DoAsync();

    public static async Task DeleteAsync(RestClient rest, string path)
    {
        try
        {
            await rest.Delete().AbsPath(path).DoAsync();
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    public static async Task<JsonDocument?> TryGetAsync(RestClient rest, string path)
    {
        try
        {
            return JsonDocument.Parse(await rest.Get().AbsPath(path).DoRawAsync());
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsServiceUnavailable)
        {
            return null;
        }
    }

    /// <summary>Polls until <paramref name="ready"/> holds; fails with <paramref name="what"/> after two minutes.</summary>
    public static async Task WaitUntilAsync(string what, Func<Task<bool>> ready)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!await ready())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("gave up waiting until " + what);
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until the CRD is Established and discovery serves it: listed in /apis (which the
    /// aggregator updates a moment after the group's own path works) and in its group version.
    /// </summary>
    public static async Task WaitForCrdAsync(RestClient rest, string crdName, string group, string version, string plural)
    {
        string groupVersionPath = "/apis/" + group + "/" + version;
        await WaitUntilAsync($"CRD {crdName} is Established", async () =>
        {
            using var crd = await TryGetAsync(rest, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crdName);
            if (crd is null || !crd.RootElement.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions)
                || conditions.ValueKind != JsonValueKind.Array) return false;
            foreach (var c in conditions.EnumerateArray())
                if (c.GetProperty("type").GetString() == "Established" && c.GetProperty("status").GetString() == "True") return true;
            return false;
        });
        await WaitUntilAsync($"{groupVersionPath} lists {plural}", async () =>
        {
            using var list = await TryGetAsync(rest, groupVersionPath);
            return list is not null && list.RootElement.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array
                && resources.EnumerateArray().Any(r => r.GetProperty("name").GetString() == plural);
        });
        await WaitUntilAsync($"/apis lists {group}", async () =>
        {
            using var apis = await TryGetAsync(rest, "/apis");
            return apis is not null && apis.RootElement.GetProperty("groups").EnumerateArray().Any(g => g.GetProperty("name").GetString() == group);
        });
    }

    private static bool Any(this JsonElement.ArrayEnumerator items, Func<JsonElement, bool> test)
    {
        foreach (var item in items)
            if (test(item)) return true;
        return false;
    }
}

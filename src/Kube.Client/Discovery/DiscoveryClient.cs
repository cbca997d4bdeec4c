using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Schema;

namespace Kube.Client.Discovery;

/// <summary>
/// Discovery straight from the server (client-go's DiscoveryClient), over the shared
/// <see cref="RestClient"/>: every call is a request, nothing is cached. Wrap it in a
/// <see cref="CachedDiscoveryClient"/> for repeated use. Thread-safe.
/// </summary>
/// <remarks>
/// A full sweep is one request per group version (about 40 on Kubernetes 1.20). Like kubectl,
/// discovery has its own rate limit (50 QPS, bursts of 300; see
/// <see cref="DiscoveryClientOptions.RateLimiter"/>) rather than the RestClient's, but shares
/// its connections, credentials and listener.
/// </remarks>
public sealed class DiscoveryClient : IDiscoveryClient
{
    private readonly RestClient _rest;
    private readonly DiscoveryClientOptions _options;

    public DiscoveryClient(RestClient rest, DiscoveryClientOptions? options = null)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _options = (options ?? new DiscoveryClientOptions()).Validated();
    }

    public RestClient RestClient => _rest;

    public Task<Models.Version.Info> ServerVersionAsync(CancellationToken cancellationToken = default) =>
        Get("/version").DoAsync(KubeJsonContext.Default.VersionInfo, cancellationToken);

    public async Task<APIGroupList> ServerGroupsAsync(CancellationToken cancellationToken = default)
    {
        // A server without the legacy API (or one hiding it) answers 404 or 403: not an error.
        var legacy = OrNullWhenAbsent(Get("/api").DoAsync(KubeJsonContext.Default.MetaV1APIVersions, cancellationToken));
        var named = OrNullWhenAbsent(Get("/apis").DoAsync(KubeJsonContext.Default.MetaV1APIGroupList, cancellationToken));
        await Task.WhenAll(legacy, named).ConfigureAwait(false);
        APIVersions? core = await legacy.ConfigureAwait(false);
        APIGroupList? groups = await named.ConfigureAwait(false);

        var result = new APIGroupList { Groups = new List<APIGroup>() };
        if (core?.Versions is { Count: > 0 } versions)
        {
            var legacyGroup = new APIGroup { Name = "", Versions = new List<GroupVersionForDiscovery>() };
            foreach (var v in versions)
                if (!string.IsNullOrEmpty(v)) legacyGroup.Versions.Add(new GroupVersionForDiscovery { GroupVersion = v, Version = v });
            if (legacyGroup.Versions.Count > 0)
            {
                legacyGroup.PreferredVersion = legacyGroup.Versions[0];
                result.Groups.Add(legacyGroup);
            }
        }
        if (groups?.Groups is { } named2) result.Groups.AddRange(named2);
        return result;
    }

    public async Task<APIResourceList> ServerResourcesForGroupVersionAsync(GroupVersion groupVersion, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(groupVersion.Version))
            throw new ArgumentException($"Group version '{groupVersion}' has no version.", nameof(groupVersion));
        APIResourceList list;
        try
        {
            list = await Get(groupVersion.Path).WithRetryPolicy(_options.RetryPolicy)
                .DoAsync(KubeJsonContext.Default.MetaV1APIResourceList, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (groupVersion.ApiVersion == "v1" && (e.IsNotFound || e.IsForbidden))
        {
            // Like client-go: a server that hides /api/v1 has no legacy resources to list.
            list = new APIResourceList();
        }
        if (string.IsNullOrEmpty(list.GroupVersion)) list.GroupVersion = groupVersion.ApiVersion;
        list.Resources ??= new List<APIResource>();
        return list;
    }

    public Task<DiscoveredResources> ServerGroupsAndResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.GroupsAndResourcesAsync(this, _options.MaxParallelism, cancellationToken);

    public Task<DiscoveredResources> ServerPreferredResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.PreferredResourcesAsync(this, _options.MaxParallelism, namespacedOnly: false, cancellationToken);

    public Task<DiscoveredResources> ServerPreferredNamespacedResourcesAsync(CancellationToken cancellationToken = default) =>
        DiscoverySweep.PreferredResourcesAsync(this, _options.MaxParallelism, namespacedOnly: true, cancellationToken);

    public async Task<JsonDocument> OpenApiV2Async(CancellationToken cancellationToken = default)
    {
        using var stream = await OpenApiV2StreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The OpenAPI v2 document as a stream of JSON (a few MB); disposing it ends the request.</summary>
    public Task<Stream> OpenApiV2StreamAsync(CancellationToken cancellationToken = default) =>
        (_options.RateLimiter is null ? _rest.Get() : _rest.Get().WithRateLimiter(_options.RateLimiter)).AbsPath("/openapi/v2").StreamAsync(cancellationToken);

    private Request Get(string path)
    {
        var request = _rest.Get().AbsPath(path);
        if (_options.RateLimiter is not null) request.WithRateLimiter(_options.RateLimiter);
        if (_options.RequestTimeout > TimeSpan.Zero) request.Timeout(_options.RequestTimeout);
        return request;
    }

    private static async Task<T?> OrNullWhenAbsent<T>(Task<T> call) where T : class
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsForbidden)
        {
            return null;
        }
    }
}

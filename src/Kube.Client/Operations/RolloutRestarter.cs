using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;
using Kube.Client.Models;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;

namespace Kube.Client.Operations;

/// <summary>
/// kubectl rollout restart: stamps the pod template of a Deployment, StatefulSet or DaemonSet with
/// the <see cref="RestartedAtAnnotation"/> annotation (the time, RFC 3339), so its controller rolls
/// every pod over to a new, otherwise identical template. A paused Deployment is refused.
/// </summary>
public sealed class RolloutRestarter
{
    /// <summary>The pod template annotation kubectl sets; a new value is a new template.</summary>
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    private readonly Clientset _clientset;
    private readonly IClock _clock;

    /// <param name="clock">The time written into the annotation; the system clock when null.</param>
    public RolloutRestarter(Clientset clientset, IClock? clock = null)
    {
        _clientset = clientset ?? throw new ArgumentNullException(nameof(clientset));
        _clock = clock ?? SystemClock.Instance;
    }

    /// <summary>Restarts the rollout and returns the object as the server answered the patch.</summary>
    /// <param name="dryRun">The server checks the change and stores nothing.</param>
    /// <exception cref="RolloutException">The Deployment is paused.</exception>
    /// <exception cref="KubeApiException">The object does not exist, or the server refused.</exception>
    public async Task<IKubeResource> RestartAsync(RolloutKind kind, string @namespace, string name, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        RolloutSources.CheckTarget(kind, @namespace, name);
        string patch = Patch(_clock.UtcNow);
        var options = new PatchOptions { DryRun = dryRun };
        switch (kind)
        {
            case RolloutKind.Deployment:
            {
                var client = _clientset.AppsV1().Deployments(@namespace);
                var deployment = await client.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (deployment.Spec?.Paused == true)
                    throw new RolloutException(RolloutFailure.Paused, $"{RolloutSources.Describe(kind, @namespace, name)} is paused; resume it (set spec.paused to false) before restarting it");
                return await client.PatchAsync(name, PatchType.StrategicMerge, patch, options, cancellationToken).ConfigureAwait(false);
            }
            case RolloutKind.StatefulSet:
                return await _clientset.AppsV1().StatefulSets(@namespace).PatchAsync(name, PatchType.StrategicMerge, patch, options, cancellationToken).ConfigureAwait(false);
            case RolloutKind.DaemonSet:
                return await _clientset.AppsV1().DaemonSets(@namespace).PatchAsync(name, PatchType.StrategicMerge, patch, options, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>The patch that sets the annotation to <paramref name="now"/> in the local time zone, as kubectl writes it.</summary>
    internal static string Patch(DateTimeOffset now)
    {
        var annotations = new JsonObject { [RestartedAtAnnotation] = Rfc3339(now.ToLocalTime()) };
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } } },
        };
        return patch.ToJsonString();
    }

    /// <summary>RFC 3339 to the second, "Z" for UTC (Go's time.RFC3339 layout).</summary>
    internal static string Rfc3339(DateTimeOffset time) =>
        time.Offset == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

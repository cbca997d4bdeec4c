using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.IntegrationTests.Support;
using Kube.Client.Models.AppsV1;
using Kube.Client.Models.CoreV1;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.IntegrationTests.InCluster;

/// <summary>
/// deploy/ingress-controller applied twice on the local node: as written (2 replicas, the
/// service-account token the pod gets by default) in one namespace, and in another with one replica
/// whose token is a projected one that expires after 10 minutes (the shortest the 1.20 API server
/// accepts), for the token-rotation test. The second starts first so that its token has aged by the
/// time the other tests are done. Both namespaces are deleted at the end, pods force-deleted.
/// </summary>
public sealed class InClusterFixture : IAsyncLifetime
{
    public const string Folder = "deploy/ingress-controller";

    /// <summary>The shortest token lifetime the 1.20 API server accepts for a projected service-account token.</summary>
    public const int TokenExpirationSeconds = 600;

    public const string TokenVolume = "kube-api-access";

    public static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(5);

    private RestClient? _rest;

    public ControllerDeployment Main { get; private set; } = null!;

    public ControllerDeployment Rotation { get; private set; } = null!;

    /// <summary>When the rotation Deployment's pod was Ready, and the token it started with.</summary>
    public DateTimeOffset RotationStarted { get; private set; }

    public string? FirstToken { get; set; }

    public Pod? RotationPod { get; set; }

    public async Task InitializeAsync()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        config.Qps = 50;
        config.Burst = 100;
        _rest = RestClient.Create(config);
        string suffix = ClusterFixture.UniqueName("x").Substring(2);
        try
        {
            Rotation = await ControllerDeployment.ApplyAsync(_rest, Folder, "itests-incluster-rot-" + suffix, WithProjectedToken);
            Main = await ControllerDeployment.ApplyAsync(_rest, Folder, "itests-incluster-" + suffix);
            var rotationPods = await Rotation.WaitRolledOutAsync(1, RolloutTimeout);
            RotationStarted = DateTimeOffset.UtcNow;
            RotationPod = rotationPods[0];
            FirstToken = await System.IO.File.ReadAllTextAsync(NodeHost.ProjectedVolumeFile(RotationPod.Metadata!.Uid!, TokenVolume, "token"));
            await Main.WaitRolledOutAsync(2, RolloutTimeout);
        }
        catch
        {
            // Nothing may keep running when the tests cannot.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One replica, and the service-account mount made by hand as a projected volume (what the
    /// BoundServiceAccountTokenVolume feature of later versions does): a token that expires after
    /// <see cref="TokenExpirationSeconds"/>, which the kubelet replaces at 80 % of its life, the
    /// cluster CA from the kube-root-ca.crt ConfigMap and the namespace, at the usual path.
    /// </summary>
    private static void WithProjectedToken(Deployment deployment)
    {
        deployment.Spec!.Replicas = 1;
        var pod = deployment.Spec.Template!.Spec!;
        pod.AutomountServiceAccountToken = false;
        (pod.Volumes ??= new List<Volume>()).Add(new Volume
        {
            Name = TokenVolume,
            Projected = new ProjectedVolumeSource
            {
                Sources = new List<VolumeProjection>
                {
                    new() { ServiceAccountToken = new ServiceAccountTokenProjection { Path = "token", ExpirationSeconds = TokenExpirationSeconds } },
                    new() { ConfigMap = new ConfigMapProjection { Name = "kube-root-ca.crt", Items = new List<KeyToPath> { new() { Key = "ca.crt", Path = "ca.crt" } } } },
                    new() { DownwardAPI = new DownwardAPIProjection { Items = new List<DownwardAPIVolumeFile> { new() { Path = "namespace", FieldRef = new ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.namespace" } } } } },
                },
            },
        });
        (pod.Containers![0].VolumeMounts ??= new List<VolumeMount>()).Add(new VolumeMount
        {
            Name = TokenVolume,
            MountPath = "/var/run/secrets/kubernetes.io/serviceaccount",
            ReadOnly = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (_rest is null) return;
        if (Main is not null) await Main.DeleteAsync();
        if (Rotation is not null) await Rotation.DeleteAsync();
        _rest?.Dispose();
        _rest = null;
    }
}

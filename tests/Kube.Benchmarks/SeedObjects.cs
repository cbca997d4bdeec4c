using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;

namespace Kube.Benchmarks;

/// <summary>The objects the harness seeds: ConfigMaps of about 1.4 KB of JSON, and Pods shaped like a real workload's.</summary>
public static class SeedObjects
{
    public const string ItemLabel = "kube-ps.bench/item";

    /// <summary>The application.properties text a ConfigMap carries, sized so the whole object is about 1.4 KB of JSON.</summary>
    public static string Properties(int index, int bytes)
    {
        var text = new StringBuilder(bytes + 64);
        int line = 0;
        while (text.Length < bytes)
        {
            text.Append("service.setting").Append(line.ToString("D2", CultureInfo.InvariantCulture)).Append('=')
                .Append("value-").Append(((index * 31 + line * 7) % 1000).ToString("D3", CultureInfo.InvariantCulture)).Append('\n');
            line++;
        }
        return text.ToString(0, bytes);
    }

    public static ConfigMap ConfigMap(string name, string seed, int index, int propertiesBytes) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string>
            {
                [ItemLabel] = seed,
                ["app.kubernetes.io/name"] = "bench",
                ["app.kubernetes.io/component"] = "settings",
            },
        },
        Data = new Dictionary<string, string>
        {
            ["application.properties"] = Properties(index, propertiesBytes),
            ["mode"] = "standard",
        },
    };

    /// <summary>
    /// A scheduler that no one serves. The local cluster has a scheduler and one node; the seeded
    /// pods name this one instead, so they stay Pending and unbound rather than thousands of them
    /// being placed on (and run by) the node.
    /// </summary>
    public const string NoScheduler = "kube-ps-unscheduled";

    /// <summary>
    /// A pod as a Deployment would make it: two containers with env, probes, resources and mounts,
    /// and config, secret and scratch volumes. No owner references: the garbage collector would
    /// delete pods whose owner does not exist. It names <see cref="NoScheduler"/>.
    /// </summary>
    public static Pod Pod(string name, string seed, int index)
    {
        string hash = (index % 7).ToString("x", CultureInfo.InvariantCulture) + "5d8f9c7b4";
        string json = PodTemplate
            .Replace("$NAME", name)
            .Replace("$SEED", seed)
            .Replace("$HASH", hash)
            .Replace("$INDEX", index.ToString(CultureInfo.InvariantCulture))
            .Replace("$SCHEDULER", NoScheduler);
        return JsonSerializer.Deserialize(json, KubeJsonContext.Default.CoreV1Pod)!;
    }

    private const string PodTemplate = """
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {
        "name": "$NAME",
        "labels": {
          "kube-ps.bench/item": "$SEED",
          "app.kubernetes.io/name": "checkout",
          "app.kubernetes.io/component": "api",
          "app.kubernetes.io/part-of": "shop",
          "pod-template-hash": "$HASH"
        },
        "annotations": {
          "prometheus.io/scrape": "true",
          "prometheus.io/port": "9090",
          "kubectl.kubernetes.io/default-container": "api"
        }
      },
      "spec": {
        "containers": [
          {
            "name": "api",
            "image": "registry.example.com/shop/checkout-api:1.24.3",
            "imagePullPolicy": "IfNotPresent",
            "args": ["--config=/etc/checkout/application.properties", "--port=8080", "--metrics-port=9090"],
            "ports": [
              {"name": "http", "containerPort": 8080, "protocol": "TCP"},
              {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}
            ],
            "env": [
              {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
              {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
              {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
              {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "checkout-db", "key": "url"}}},
              {"name": "LOG_LEVEL", "value": "info"},
              {"name": "SHARD", "value": "$INDEX"},
              {"name": "JAVA_TOOL_OPTIONS", "value": "-XX:MaxRAMPercentage=75 -XX:+UseG1GC"}
            ],
            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"}, "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 2, "failureThreshold": 3, "successThreshold": 1},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080, "scheme": "HTTP"}, "periodSeconds": 5, "timeoutSeconds": 1, "failureThreshold": 3, "successThreshold": 1},
            "volumeMounts": [
              {"name": "config", "mountPath": "/etc/checkout", "readOnly": true},
              {"name": "tls", "mountPath": "/etc/tls", "readOnly": true},
              {"name": "tmp", "mountPath": "/tmp"}
            ],
            "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true, "runAsUser": 10001, "capabilities": {"drop": ["ALL"]}},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File"
          },
          {
            "name": "proxy",
            "image": "registry.example.com/mesh/proxy:1.9.2",
            "imagePullPolicy": "IfNotPresent",
            "args": ["proxy", "sidecar", "--concurrency=2", "--log-level=warning"],
            "ports": [{"name": "proxy-admin", "containerPort": 15000, "protocol": "TCP"}],
            "env": [
              {"name": "PROXY_MODE", "value": "sidecar"},
              {"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}
            ],
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}},
            "readinessProbe": {"tcpSocket": {"port": 15000}, "periodSeconds": 10, "timeoutSeconds": 1, "failureThreshold": 3, "successThreshold": 1},
            "volumeMounts": [{"name": "tmp", "mountPath": "/var/run/proxy"}],
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File"
          }
        ],
        "volumes": [
          {"name": "config", "configMap": {"name": "checkout-config", "defaultMode": 420}},
          {"name": "tls", "secret": {"secretName": "checkout-tls", "defaultMode": 420}},
          {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}}
        ],
        "restartPolicy": "Always",
        "schedulerName": "$SCHEDULER",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "automountServiceAccountToken": false,
        "securityContext": {"fsGroup": 10001},
        "tolerations": [
          {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
          {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ]
      }
    }
    """;
}

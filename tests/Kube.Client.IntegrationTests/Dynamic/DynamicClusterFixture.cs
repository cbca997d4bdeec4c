using System;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Dynamic;
using Kube.Client.IntegrationTests.Config;
using Kube.Client.Models;
using Kube.Client.Rest;
using Kube.Client.Schema;
using Xunit;

namespace Kube.Client.IntegrationTests.Dynamic;

/// <summary>
/// A namespace and a Widget CRD in a group unique to this run (<c>dyn&lt;random&gt;.kubeps.test</c>),
/// both created through the dynamic client and deleted at the end.
/// </summary>
public sealed class DynamicClusterFixture : IAsyncLifetime
{
    public static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces");
    public static readonly GroupVersionResource Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    public static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");

    private static readonly TimeSpan EstablishBound = TimeSpan.FromSeconds(60);

    public DynamicClusterFixture()
    {
        string suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
        Group = "dyn" + suffix + ".kubeps.test";
        Namespace = "dynamic-" + suffix;
        Widgets = new GroupVersionResource(Group, "v1", "widgets");
    }

    public string Group { get; }

    public string Namespace { get; }

    public string CrdName => "widgets." + Group;

    public GroupVersionResource Widgets { get; }

    public string WidgetApiVersion => Group + "/v1";

    public RestClient Rest { get; private set; } = null!;

    public DynamicClient Dynamic { get; private set; } = null!;

    public Clientset Typed { get; private set; } = null!;

    /// <summary>The CRD as the server answered once it was Established.</summary>
    public Unstructured EstablishedCrd { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var config = await LocalCluster.ConfigAsync(LocalCluster.AdminContext);
        Rest = RestClient.Create(config);
        Dynamic = new DynamicClient(Rest);
        Typed = new Clientset(Rest);

        await Dynamic.Resource(Namespaces).CreateAsync(new Unstructured("v1", "Namespace") { Name = Namespace });
        await Dynamic.Resource(Crds).CreateAsync(Unstructured.Parse(WidgetCrdJson()));
        EstablishedCrd = await WaitEstablishedAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await IgnoreNotFound(Dynamic.Resource(Crds).DeleteAsync(CrdName));
            await IgnoreNotFound(Dynamic.Resource(Namespaces).DeleteAsync(Namespace));
        }
        finally
        {
            Rest?.Dispose();
        }
    }

    public DynamicResourceClient WidgetsIn() => Dynamic.Resource(Widgets).Namespace(Namespace);

    public Unstructured NewWidget(string name, long size, string? color = null)
    {
        var widget = new Unstructured(WidgetApiVersion, "Widget") { Name = name };
        widget.SetNestedField(size, "spec", "size");
        if (color is not null) widget.SetNestedField(color, "spec", "color");
        return widget;
    }

    public static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    private async Task<Unstructured> WaitEstablishedAsync()
    {
        using var bound = new CancellationTokenSource(EstablishBound);
        while (true)
        {
            var crd = await Dynamic.Resource(Crds).GetAsync(CrdName, cancellationToken: bound.Token);
            foreach (var condition in crd.NestedSlice("status", "conditions") ?? new System.Text.Json.Nodes.JsonArray())
            {
                if ((string?)condition?["type"] == "Established" && (string?)condition?["status"] == "True") return crd;
            }
            try
            {
                await Task.Delay(200, bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The CRD {CrdName} was not Established within {EstablishBound.TotalSeconds} s; last status: {crd.NestedMap("status")?.ToJsonString()}");
            }
        }
    }

    private string WidgetCrdJson() => """
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.GROUP" },
          "spec": {
            "group": "GROUP",
            "scope": "Namespaced",
            "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList", "shortNames": ["wdg"] },
            "versions": [{
              "name": "v1",
              "served": true,
              "storage": true,
              "subresources": { "status": {} },
              "additionalPrinterColumns": [
                { "name": "Size", "type": "integer", "jsonPath": ".spec.size" },
                { "name": "Color", "type": "string", "jsonPath": ".spec.color" },
                { "name": "Phase", "type": "string", "jsonPath": ".status.phase" }
              ],
              "schema": { "openAPIV3Schema": {
                "type": "object",
                "properties": {
                  "spec": {
                    "type": "object",
                    "required": ["size"],
                    "properties": {
                      "size": { "type": "integer", "minimum": 0 },
                      "color": { "type": "string", "enum": ["red", "green", "blue"] },
                      "tags": { "type": "array", "items": { "type": "string" } }
                    }
                  },
                  "status": {
                    "type": "object",
                    "properties": { "phase": { "type": "string" }, "observedSize": { "type": "integer" } }
                  }
                }
              } }
            }]
          }
        }
        """.Replace("GROUP", Group);
}

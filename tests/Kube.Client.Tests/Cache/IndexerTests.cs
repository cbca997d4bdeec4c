using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Cache;
using Kube.Client.Models.CoreV1;
using Xunit;
using static Kube.Client.Tests.Cache.TestObjects;

namespace Kube.Client.Tests.Cache;

public class IndexerTests
{
    private static readonly IndexFunc<ConfigMap> ByValue = cm => cm.Data is { } d && d.TryGetValue("v", out var v) ? v.Split('+') : Array.Empty<string>();

    [Fact]
    public void Objects_are_keyed_namespace_slash_name_or_by_name_when_cluster_scoped()
    {
        var indexer = new Indexer<ConfigMap>();
        indexer.Add(ConfigMap("a", "ns1"));
        indexer.Add(ConfigMap("b", ""));
        Assert.Equal(new[] { "b", "ns1/a" }, indexer.ListKeys().OrderBy(k => k));
        Assert.Equal("a", indexer.GetByKey("ns1/a")!.Metadata!.Name);
        Assert.NotNull(indexer.Get(ConfigMap("a", "ns1", rv: "other")));
        Assert.Null(indexer.GetByKey("ns2/a"));
        Assert.Equal(("ns1", "a"), CacheKeys.SplitMetaNamespaceKey("ns1/a"));
        Assert.Equal(("", "b"), CacheKeys.SplitMetaNamespaceKey("b"));
        Assert.Throws<FormatException>(() => CacheKeys.SplitMetaNamespaceKey("a/b/c"));
    }

    [Fact]
    public void An_object_without_a_name_has_no_key()
    {
        var e = Assert.Throws<ArgumentException>(() => new Indexer<ConfigMap>().Add(new ConfigMap { Metadata = new() }));
        Assert.Contains("no metadata.name", e.Message);
    }

    [Fact]
    public void The_namespace_index_follows_adds_updates_and_deletes()
    {
        var indexer = Indexer<ConfigMap>.WithNamespaceIndex();
        indexer.Add(ConfigMap("a", "ns1"));
        indexer.Add(ConfigMap("b", "ns1"));
        indexer.Add(ConfigMap("c", "ns2"));
        Assert.Equal(new[] { "a", "b" }, indexer.ByIndex(CacheKeys.NamespaceIndex, "ns1").Select(c => c.Metadata!.Name).OrderBy(n => n));
        Assert.Equal(new[] { "ns1/a", "ns1/b" }, indexer.IndexKeys(CacheKeys.NamespaceIndex, "ns1").OrderBy(k => k));
        Assert.Equal(new[] { "ns1", "ns2" }, indexer.ListIndexFuncValues(CacheKeys.NamespaceIndex).OrderBy(v => v));

        indexer.Delete(ConfigMap("c", "ns2"));
        Assert.Empty(indexer.ByIndex(CacheKeys.NamespaceIndex, "ns2"));
        // A value with no object left is dropped, not kept as an empty set.
        Assert.Equal(new[] { "ns1" }, indexer.ListIndexFuncValues(CacheKeys.NamespaceIndex));
    }

    [Fact]
    public void An_update_moves_the_key_between_index_values()
    {
        var indexer = new Indexer<ConfigMap>(new Dictionary<string, IndexFunc<ConfigMap>> { ["value"] = ByValue });
        indexer.Add(ConfigMap("a", value: "red+blue"));
        indexer.Add(ConfigMap("b", value: "blue"));
        Assert.Equal(new[] { "default/a", "default/b" }, indexer.IndexKeys("value", "blue").OrderBy(k => k));
        Assert.Equal(new[] { "a", "b" }, indexer.Index("value", ConfigMap("x", value: "red+blue")).Select(c => c.Metadata!.Name).OrderBy(n => n));

        indexer.Update(ConfigMap("a", value: "green"));
        Assert.Equal(new[] { "default/b" }, indexer.IndexKeys("value", "blue"));
        Assert.Empty(indexer.IndexKeys("value", "red"));
        Assert.Equal(new[] { "blue", "green" }, indexer.ListIndexFuncValues("value").OrderBy(v => v));
    }

    [Fact]
    public void Indexes_added_later_index_what_is_stored_already()
    {
        var indexer = new Indexer<ConfigMap>();
        indexer.Add(ConfigMap("a", value: "red"));
        indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["value"] = ByValue });
        Assert.Equal(new[] { "default/a" }, indexer.IndexKeys("value", "red"));
        var e = Assert.Throws<ArgumentException>(() => indexer.AddIndexers(new Dictionary<string, IndexFunc<ConfigMap>> { ["value"] = ByValue }));
        Assert.Contains("\"value\" exists already", e.Message);
    }

    [Fact]
    public void An_unknown_index_is_an_error_naming_the_known_ones()
    {
        var indexer = Indexer<ConfigMap>.WithNamespaceIndex();
        var e = Assert.Throws<ArgumentException>(() => indexer.ByIndex("nodes", "x"));
        Assert.Contains("no index \"nodes\"", e.Message);
        Assert.Contains("\"namespace\"", e.Message);
    }

    [Fact]
    public void Replace_makes_the_content_and_the_indexes_exactly_the_list()
    {
        var indexer = new Indexer<ConfigMap>(new Dictionary<string, IndexFunc<ConfigMap>> { ["value"] = ByValue });
        indexer.Add(ConfigMap("a", value: "red"));
        indexer.Add(ConfigMap("b", value: "red"));
        indexer.Replace(new[] { ConfigMap("b", value: "blue"), ConfigMap("c", value: "blue") }, "10");
        Assert.Equal(new[] { "default/b", "default/c" }, indexer.ListKeys().OrderBy(k => k));
        Assert.Empty(indexer.IndexKeys("value", "red"));
        Assert.Equal(new[] { "default/b", "default/c" }, indexer.IndexKeys("value", "blue").OrderBy(k => k));
    }

    [Fact]
    public void An_index_function_that_throws_fails_the_write_and_leaves_the_store_unchanged()
    {
        var indexer = new Indexer<ConfigMap>(new Dictionary<string, IndexFunc<ConfigMap>>
        {
            ["value"] = cm => cm.Data!["v"] == "boom" ? throw new FormatException("bad value") : ByValue(cm),
        });
        indexer.Add(ConfigMap("a", value: "red"));
        var e = Assert.Throws<InvalidOperationException>(() => indexer.Update(ConfigMap("a", value: "boom")));
        Assert.Contains("\"value\"", e.Message);
        Assert.Contains("default/a", e.Message);
        Assert.Equal("red", indexer.GetByKey("default/a")!.Data!["v"]);
        Assert.Equal(new[] { "default/a" }, indexer.IndexKeys("value", "red"));
    }

    [Fact]
    public void Lists_are_snapshots_unaffected_by_later_writes()
    {
        var indexer = new Indexer<ConfigMap>();
        indexer.Add(ConfigMap("a"));
        var list = indexer.List();
        indexer.Add(ConfigMap("b"));
        Assert.Single(list);
        Assert.Equal(2, indexer.Count);
    }

    [Fact]
    public void Listers_filter_by_labels_and_namespace_and_get_by_name()
    {
        var indexer = Indexer<ConfigMap>.WithNamespaceIndex();
        indexer.Add(ConfigMap("a", "ns1", labels: new Dictionary<string, string> { ["app"] = "web" }));
        indexer.Add(ConfigMap("b", "ns1", labels: new Dictionary<string, string> { ["app"] = "db" }));
        indexer.Add(ConfigMap("c", "ns2", labels: new Dictionary<string, string> { ["app"] = "web" }));
        indexer.Add(ConfigMap("cluster-wide", ""));
        var lister = new Lister<ConfigMap>(indexer);

        Assert.Equal(4, lister.List().Count);
        Assert.Equal(new[] { "a", "c" }, lister.List("app=web").Select(c => c.Metadata!.Name).OrderBy(n => n));
        Assert.Equal(new[] { "a" }, lister.Namespace("ns1").List("app in (web)").Select(c => c.Metadata!.Name));
        Assert.Equal(2, lister.Namespace("ns1").List().Count);
        Assert.Equal("b", lister.Namespace("ns1").Get("b")!.Metadata!.Name);
        Assert.Null(lister.Namespace("ns2").Get("b"));
        Assert.NotNull(lister.Get("cluster-wide"));
        Assert.Throws<FormatException>(() => lister.List("app in"));
    }

    [Fact]
    public void A_namespace_lister_without_the_namespace_index_filters_every_object()
    {
        var indexer = new Indexer<ConfigMap>();
        indexer.Add(ConfigMap("a", "ns1"));
        indexer.Add(ConfigMap("b", "ns2"));
        Assert.Equal(new[] { "b" }, new Lister<ConfigMap>(indexer).Namespace("ns2").List().Select(c => c.Metadata!.Name));
    }
}

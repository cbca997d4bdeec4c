using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using Kube.Client.Models;
using Kube.Client.Printing;
using Kube.Client.Rest;
using Xunit;

namespace Kube.Client.Tests.Printing;

public sealed class TableJsonTests
{
    private static Unstructured? Decode(string json, ref TableLayout? layout) =>
        TableJson.DecodeObject(Encoding.UTF8.GetBytes(json), j => Unstructured.Parse(j), ref layout);

    private const string First = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},"columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"d","priority":0},{"name":"Data","type":"integer","format":"","description":"d","priority":0}],"rows":[{"cells":["a",1],"object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"9"},"data":{"k":"v"}}}]}""";
    private const string Later = """{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"10"},"rows":[{"cells":["b",2],"object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","resourceVersion":"10"}}}]}""";

    [Fact]
    public void A_watch_sends_columns_once_and_later_events_use_them()
    {
        TableLayout? layout = null;
        var a = Decode(First, ref layout)!;
        var b = Decode(Later, ref layout)!;

        Assert.Equal("a", a.Name);
        Assert.Equal("b", b.Name);
        Assert.NotNull(layout);
        Assert.Same(layout, TableRows.Of(a)!.Layout);
        Assert.Same(layout, TableRows.Of(b)!.Layout);
        Assert.Equal(new[] { "b", "2" }, new[] { TableRows.Of(b)!.Text(0), TableRows.Of(b)!.Text(1) });
    }

    [Fact]
    public void An_event_without_columns_before_any_has_no_row()
    {
        TableLayout? layout = null;
        var b = Decode(Later, ref layout)!;

        Assert.Equal("b", b.Name);
        Assert.Null(TableRows.Of(b));
    }

    [Fact]
    public void A_body_that_is_not_a_table_is_the_object_itself()
    {
        TableLayout? layout = null;
        var obj = Decode("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"plain"}}""", ref layout)!;

        Assert.Equal("plain", obj.Name);
        Assert.Null(TableRows.Of(obj));
    }

    [Fact]
    public void A_bookmark_table_yields_its_object_with_the_resource_version()
    {
        TableLayout? layout = null;
        Decode(First, ref layout);
        var bookmark = Decode("""{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"77"},"rows":[{"cells":["",0],"object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"77","creationTimestamp":null}}}]}""", ref layout)!;

        Assert.Equal("77", bookmark.ResourceVersion);
    }

    [Fact]
    public void A_table_without_rows_is_an_error()
    {
        TableLayout? layout = null;
        Assert.Throws<JsonException>(() => Decode("""{"kind":"Table","apiVersion":"meta.k8s.io/v1","rows":[]}""", ref layout));
    }

    [Fact]
    public void Column_definitions_read_every_field_and_skip_unknown_ones()
    {
        var reader = new Utf8JsonReader("""[{"name":"Nominated Node","type":"string","format":"","description":"x","priority":1,"extra":{"a":[1]}},{"name":"Age","type":"date"}]"""u8);
        reader.Read();

        var layout = TableJson.ReadColumns(ref reader);

        Assert.Equal(new[] { "NOMINATED NODE", "AGE" }, layout.Columns.Select(c => c.Header));
        Assert.Equal((1, "string"), (layout.Columns[0].Priority, layout.Columns[0].Type));
        Assert.Equal((0, "date"), (layout.Columns[1].Priority, layout.Columns[1].Type));
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
    }

    [Fact]
    public void Layouts_with_the_same_columns_are_equal_whatever_the_descriptions()
    {
        var a = new TableLayout(new[] { new TableColumnDefinition("Name", "string", "name", "one"), new TableColumnDefinition("IP", "string", null, "x", 1) });
        var b = new TableLayout(new[] { new TableColumnDefinition("Name", "string", "name", "two"), new TableColumnDefinition("IP", "string", "", "y", 1) });
        var c = new TableLayout(new[] { new TableColumnDefinition("Name", "string", "name"), new TableColumnDefinition("IP", "string", "", null, 0) });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal(0, a.NameColumn);
    }
}

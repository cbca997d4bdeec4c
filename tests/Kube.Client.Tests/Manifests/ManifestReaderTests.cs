using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Kube.Client.Manifests;
using Xunit;

namespace Kube.Client.Tests.Manifests;

public sealed class ManifestReaderTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";

    [Fact]
    public void Every_document_becomes_an_entry_with_its_number_and_line()
    {
        var entries = ManifestReader.Read(ConfigMap + "---\n" + ConfigMap.Replace("name: a", "name: b"), "app.yaml");

        Assert.Equal(new[] { "a", "b" }, entries.Select(e => e.Object!.Name));
        Assert.Equal(new int?[] { 1, 2 }, entries.Select(e => e.Document));
        Assert.Equal(1, entries[0].Line);
        Assert.Equal(6, entries[1].Line);
        Assert.Equal("app.yaml, document 2 (line 6)", entries[1].Location);
    }

    [Fact]
    public void A_document_without_kind_is_an_error_entry_and_the_others_still_come_through()
    {
        var entries = ManifestReader.Read(ConfigMap + "---\napiVersion: v1\nmetadata:\n  name: x\n---\n" + ConfigMap.Replace("name: a", "name: c"), "app.yaml");

        Assert.Equal(3, entries.Count);
        Assert.Equal("a", entries[0].Object!.Name);
        Assert.Null(entries[1].Object);
        Assert.Contains("app.yaml", entries[1].Error!.Message);
        Assert.Contains("document 2", entries[1].Error!.Message);
        Assert.Contains("has no kind", entries[1].Error!.Message);
        Assert.Equal(2, entries[1].Document);
        Assert.Equal("c", entries[2].Object!.Name);
    }

    [Fact]
    public void A_syntax_error_makes_the_whole_stream_one_error_with_file_and_line()
    {
        var entries = ManifestReader.Read(ConfigMap + "---\nkind: [open\n", "broken.yaml");

        var entry = Assert.Single(entries);
        Assert.Null(entry.Object);
        Assert.Equal("broken.yaml", entry.Error!.Source);
        Assert.NotNull(entry.Error.Line);
        Assert.StartsWith("broken.yaml: line ", entry.Error.Message);
    }

    [Fact]
    public void A_list_kind_expands_to_its_items_with_the_document_of_the_list()
    {
        var entries = ManifestReader.Read("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n", "list.yaml");

        Assert.Equal(new[] { "ConfigMap", "Secret" }, entries.Select(e => e.Object!.Kind));
        Assert.All(entries, e => Assert.Equal(1, e.Document));
    }

    [Fact]
    public void Json_text_is_read_too()
    {
        var entry = Assert.Single(ManifestReader.Read("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"j\"},\"data\":{\"n\":\"1\"}}", "in.json"));

        Assert.Equal("j", entry.Object!.Name);
        Assert.Equal("1", entry.Object.NestedString("data", "n"));
    }

    [Fact]
    public void Empty_documents_are_skipped()
    {
        var entries = ManifestReader.Read("---\n---\n" + ConfigMap + "---\n", "x.yaml");

        Assert.Equal("a", Assert.Single(entries).Object!.Name);
    }

    [Fact]
    public async Task A_missing_file_is_one_error_entry_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "kube-missing-" + System.Guid.NewGuid().ToString("n") + ".yaml");

        var entry = Assert.Single(await ManifestReader.ReadFileAsync(path));

        Assert.Equal(path, entry.Error!.Source);
        Assert.IsType<FileNotFoundException>(entry.Error.InnerException);
    }

    [Fact]
    public void A_folder_yields_yaml_yml_and_json_files_in_subfolders_in_path_order()
    {
        string root = Path.Combine(Path.GetTempPath(), "kube-manifests-" + System.Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        try
        {
            foreach (var name in new[] { "b.yaml", "a.json", "sub/c.yml", "notes.txt", "sub/d.YAML" })
                File.WriteAllText(Path.Combine(root, name), ConfigMap);

            var files = ManifestFiles.InDirectory(root).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));

            Assert.Equal(new[] { "a.json", "b.yaml", "sub/c.yml", "sub/d.YAML" }, files);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kube.Client.Tests.Support;
using Kube.Generator;
using Kube.Generator.Output;
using Kube.Generator.Proto;
using Kube.Generator.Spec;
using Xunit;

namespace Kube.Client.Tests.Generator;

public sealed class GeneratorOutputTests : IDisposable
{
    private static readonly Lazy<SortedDictionary<string, string>> RealOutput = new(() =>
        CodeGenerator.Generate(ApiSpec.Parse(File.ReadAllText(TestFiles.SpecPath), TestFiles.SpecPath), ProtoSources.FromDirectory(TestFiles.ProtoPath)));

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "kube-generator-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
    }

    [SpecFact]
    public void The_committed_generated_files_are_exactly_what_the_generator_produces()
    {
        var changes = OutputWriter.Write(TestFiles.ClientProject, RealOutput.Value, CodeGenerator.OwnedFolders, dryRun: true);

        Assert.True(changes.IsEmpty,
            "Generated files are out of date; run: dotnet pwsh ./build.ps1 Generate\n" +
            string.Join("\n", changes.Written.Select(p => "differs: " + p).Concat(changes.Deleted.Select(p => "stale: " + p))));
    }

    [SpecFact]
    public void Two_runs_write_byte_identical_trees()
    {
        string first = Path.Combine(_temp, "first"), second = Path.Combine(_temp, "second");
        var spec = File.ReadAllText(TestFiles.SpecPath);
        OutputWriter.Write(first, CodeGenerator.Generate(ApiSpec.Parse(spec, "spec"), ProtoSources.FromDirectory(TestFiles.ProtoPath)), CodeGenerator.OwnedFolders);
        OutputWriter.Write(second, CodeGenerator.Generate(ApiSpec.Parse(spec, "spec"), ProtoSources.FromDirectory(TestFiles.ProtoPath)), CodeGenerator.OwnedFolders);

        var firstFiles = Snapshot(first);
        var secondFiles = Snapshot(second);

        Assert.Equal(firstFiles.Keys, secondFiles.Keys);
        Assert.All(firstFiles, f => Assert.True(f.Value.SequenceEqual(secondFiles[f.Key]), f.Key));
        Assert.True(firstFiles.Count > 700);
    }

    [SpecFact]
    public void The_real_document_yields_one_class_per_object_definition()
    {
        var files = RealOutput.Value;
        int models = files.Keys.Count(k => k.StartsWith("Models/Generated/", StringComparison.Ordinal) && k.Count(c => c == '/') == 3
            && !k.StartsWith("Models/Generated/Protobuf/", StringComparison.Ordinal));

        // 654 definitions less the 15 mapped to hand-written or BCL types.
        Assert.Equal(639, models);
        Assert.Contains("Models/Generated/CoreV1/Pod.cs", files.Keys);
        Assert.Contains("Models/Generated/Version/Info.cs", files.Keys);
        Assert.DoesNotContain("Models/Generated/MetaV1/Time.cs", files.Keys);
        Assert.DoesNotContain("Models/Generated/Util/IntOrString.cs", files.Keys);
    }

    [SpecFact]
    public void Every_model_of_a_package_with_a_generated_proto_gets_a_protobuf_reader()
    {
        var files = RealOutput.Value;
        int readers = files.Keys.Count(k => k.StartsWith("Models/Generated/Protobuf/", StringComparison.Ordinal) && k.EndsWith(".Protobuf.cs", StringComparison.Ordinal));

        // All 639 models but version.Info, whose package has no generated.proto.
        Assert.Equal(638, readers);
        Assert.Contains("Models/Generated/Protobuf/CoreV1/Pod.Protobuf.cs", files.Keys);
        Assert.DoesNotContain("Models/Generated/Protobuf/Version/Info.Protobuf.cs", files.Keys);
        Assert.Contains("public static ProtobufCodec<CoreV1.Pod> CoreV1Pod =>", files["Models/Generated/Protobuf/KubeProtobufContext.cs"]);
    }

    [SpecFact]
    public void No_description_of_the_real_document_appears_in_the_output()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestFiles.SpecPath));
        var descriptions = document.RootElement.GetProperty("definitions").EnumerateObject()
            .Where(d => d.Value.TryGetProperty("description", out _))
            .Select(d => d.Value.GetProperty("description").GetString()!)
            // Skip the first word, which is usually the type's own name.
            .Select(d => d.Split(' '))
            .Where(words => words.Length >= 7)
            .Select(words => string.Join(" ", words, 1, 5))
            .Distinct()
            .ToList();
        string all = string.Concat(RealOutput.Value.Values);

        Assert.True(descriptions.Count > 300);
        Assert.All(descriptions, d => Assert.False(all.Contains(d, StringComparison.Ordinal), $"found \"{d}\""));
    }

    [Fact]
    public void Writing_deletes_stale_files_only_inside_generated_folders()
    {
        string root = Path.Combine(_temp, "project");
        Directory.CreateDirectory(Path.Combine(root, "Models", "Generated", "GoneV1"));
        Directory.CreateDirectory(Path.Combine(root, "Models", "Hand"));
        File.WriteAllText(Path.Combine(root, "Models", "Generated", "GoneV1", "Old.cs"), "stale");
        File.WriteAllText(Path.Combine(root, "Models", "Generated", "Keep.cs"), "old content");
        File.WriteAllText(Path.Combine(root, "Models", "Hand", "Mine.cs"), "hand-written");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Models/Generated/Keep.cs"] = "new content\n" };

        var changes = OutputWriter.Write(root, files, CodeGenerator.OwnedFolders);

        Assert.Equal(new[] { "Models/Generated/GoneV1/Old.cs" }, changes.Deleted);
        Assert.Equal(new[] { "Models/Generated/Keep.cs" }, changes.Written);
        Assert.False(Directory.Exists(Path.Combine(root, "Models", "Generated", "GoneV1")));
        Assert.Equal("new content\n", File.ReadAllText(Path.Combine(root, "Models", "Generated", "Keep.cs")));
        Assert.Equal("hand-written", File.ReadAllText(Path.Combine(root, "Models", "Hand", "Mine.cs")));
    }

    [Fact]
    public void Unchanged_files_are_not_rewritten()
    {
        string root = Path.Combine(_temp, "project");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Typed/Generated/A.cs"] = "same\n" };
        OutputWriter.Write(root, files, CodeGenerator.OwnedFolders);
        string path = Path.Combine(root, "Typed", "Generated", "A.cs");
        var stamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);

        var changes = OutputWriter.Write(root, files, CodeGenerator.OwnedFolders);

        Assert.True(changes.IsEmpty);
        Assert.Equal(1, changes.Unchanged);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_file_outside_the_generated_folders_is_refused()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Models/Pod.cs"] = "x" };

        Assert.Throws<InvalidOperationException>(() => OutputWriter.Write(_temp, files, CodeGenerator.OwnedFolders));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_command_checks_without_writing_and_reports_bad_arguments()
    {
        string root = Path.Combine(_temp, "project");
        Directory.CreateDirectory(root);
        string spec = Path.Combine(_temp, "spec.json");
        File.WriteAllText(spec, "{\"swagger\":\"2.0\",\"paths\":{},\"definitions\":{\"io.example.widgets.v1.Gadget\":{\"type\":\"object\",\"properties\":{}}}}");
        var output = new StringWriter();
        var error = new StringWriter();

        int check = await GeneratorCommand.RunAsync(new[] { "--spec", spec, "--out", root, "--check" }, output, error);
        int write = await GeneratorCommand.RunAsync(new[] { "--spec", spec, "--out", root }, output, error);
        int recheck = await GeneratorCommand.RunAsync(new[] { "--spec", spec, "--out", root, "--check" }, output, error);
        int bad = await GeneratorCommand.RunAsync(new[] { "--spec" }, output, error);
        int missing = await GeneratorCommand.RunAsync(new[] { "--spec", Path.Combine(_temp, "nope.json"), "--out", root }, output, error);

        Assert.Equal(1, check);
        Assert.Equal(0, write);
        Assert.Equal(0, recheck);
        Assert.Equal(2, bad);
        Assert.Equal(1, missing);
        Assert.True(File.Exists(Path.Combine(root, "Models", "Generated", "WidgetsV1", "Gadget.cs")));
        Assert.Contains("nope.json", error.ToString());
    }

    private static Dictionary<string, byte[]> Snapshot(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}

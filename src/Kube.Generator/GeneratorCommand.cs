using System;
using System.IO;
using System.Threading.Tasks;
using Kube.Generator.Output;
using Kube.Generator.Proto;
using Kube.Generator.Spec;

namespace Kube.Generator;

/// <summary>The command line: reads the document, generates, and writes or checks the output.</summary>
public static class GeneratorCommand
{
    public const string Usage =
        "Usage: Kube.Generator --spec <swagger.json | https://server/openapi/v2> --out <src/Kube.Client>\n" +
        "                      [--token <bearer token> | --token-file <path>] [--ca-file <pem>] [--insecure-skip-tls-verify]\n" +
        "                      [--proto-path <kubernetes>/staging/src] [--check]\n" +
        "  --proto-path  the import root of the generated.proto files (and the Go sources beside them);\n" +
        "                without it no protobuf readers are generated.\n" +
        "  --check  writes nothing; exits 1 when the files on disk differ from what would be generated.";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? spec = null, outDir = null, protoPath = null, token = null, tokenFile = null, caFile = null;
        bool insecure = false, check = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.");
                return args[++i];
            }

            try
            {
                switch (args[i])
                {
                    case "--spec": spec = Value(); break;
                    case "--out": outDir = Value(); break;
                    case "--proto-path": protoPath = Value(); break;
                    case "--token": token = Value(); break;
                    case "--token-file": tokenFile = Value(); break;
                    case "--ca-file": caFile = Value(); break;
                    case "--insecure-skip-tls-verify": insecure = true; break;
                    case "--check": check = true; break;
                    case "-h":
                    case "--help":
                        output.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
            catch (ArgumentException e)
            {
                error.WriteLine(e.Message);
                error.WriteLine(Usage);
                return 2;
            }
        }

        if (spec is null || outDir is null)
        {
            error.WriteLine("Both --spec and --out are required.");
            error.WriteLine(Usage);
            return 2;
        }
        if (!Directory.Exists(outDir))
        {
            error.WriteLine($"The output folder '{outDir}' does not exist; point --out at the Kube.Client project folder.");
            return 2;
        }

        try
        {
            if (tokenFile is not null)
            {
                if (!File.Exists(tokenFile)) throw new SpecException($"The token file '{tokenFile}' does not exist.");
                token = (await File.ReadAllTextAsync(tokenFile).ConfigureAwait(false)).Trim();
            }

            var source = new SpecSource(spec) { BearerToken = token, CertificateAuthorityFile = caFile, InsecureSkipTlsVerify = insecure };
            var document = await source.LoadAsync().ConfigureAwait(false);
            var proto = protoPath is null ? null : ProtoSources.FromDirectory(protoPath);
            var files = CodeGenerator.Generate(document, proto);
            var changes = OutputWriter.Write(outDir, files, CodeGenerator.OwnedFolders, dryRun: check);

            if (check)
            {
                foreach (string path in changes.Written) error.WriteLine($"out of date: {path}");
                foreach (string path in changes.Deleted) error.WriteLine($"stale: {path}");
                output.WriteLine(changes.IsEmpty
                    ? $"Generated files are up to date ({files.Count} files)."
                    : $"{changes.Written.Count + changes.Deleted.Count} generated files differ from the document; run the generator.");
                return changes.IsEmpty ? 0 : 1;
            }

            output.WriteLine($"{files.Count} files: {changes.Written.Count} written, {changes.Unchanged} unchanged, {changes.Deleted.Count} stale deleted.");
            return 0;
        }
        catch (Exception e) when (e is SpecException or ProtoException)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Http.HttpRequestException)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace Kube.Client.Tests.Support;

/// <summary>
/// The netstandard2.0 Kube.Client.dll loaded with the pinned System.Text.Json (8.0.x) in its own load
/// context: the combination Windows PowerShell 5.1 and pwsh 7.4 run, which the net10.0 test process
/// otherwise never executes (it binds its own, newer System.Text.Json).
/// </summary>
public sealed class NetStandardBuild
{
    private static readonly Lazy<NetStandardBuild> Instance = new(() => new NetStandardBuild());

    private readonly Assembly _client;
    private readonly object _context;
    private readonly MethodInfo _getTypeInfo;
    private readonly MethodInfo _deserialize;
    private readonly MethodInfo _serialize;

    private NetStandardBuild()
    {
        string clientPath = Metadata("KubeClientNetStandard");
        string packages = Metadata("NuGetPackageRoot");
        string stjVersion = Metadata("PinnedSystemTextJson");
        string Package(string id, string version, string file) => Path.Combine(packages, id, version, "lib", "netstandard2.0", file);
        string[] paths =
        {
            clientPath,
            Package("system.text.json", stjVersion, "System.Text.Json.dll"),
            Package("system.text.encodings.web", "8.0.0", "System.Text.Encodings.Web.dll"),
            Package("microsoft.bcl.asyncinterfaces", "8.0.0", "Microsoft.Bcl.AsyncInterfaces.dll"),
        };
        foreach (string path in paths)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The netstandard2.0 test needs {path}; build src/Kube.Client for netstandard2.0 and restore packages.", path);
        }

        var loadContext = new IsolatedLoadContext(paths);
        _client = loadContext.LoadFromAssemblyName(new AssemblyName("Kube.Client"));
        SystemTextJson = loadContext.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));
        var contextType = _client.GetType("Kube.Client.Models.KubeJsonContext", throwOnError: true)!;
        _context = contextType.GetProperty("Default")!.GetValue(null)!;
        _getTypeInfo = contextType.GetMethod("GetTypeInfo", new[] { typeof(Type) })!;
        var serializer = SystemTextJson.GetType("System.Text.Json.JsonSerializer", throwOnError: true)!;
        var typeInfoType = SystemTextJson.GetType("System.Text.Json.Serialization.Metadata.JsonTypeInfo", throwOnError: true)!;
        _deserialize = serializer.GetMethod("Deserialize", new[] { typeof(string), typeInfoType })!;
        _serialize = serializer.GetMethod("Serialize", new[] { typeof(object), typeInfoType })!;
    }

    public static NetStandardBuild Load() => Instance.Value;

    public Assembly SystemTextJson { get; }

    public Assembly Client => _client;

    /// <summary>Deserializes into the named model and serializes it again, all inside the isolated context.</summary>
    public string RoundTrip(string modelTypeName, string json)
    {
        var type = _client.GetType(modelTypeName, throwOnError: true)!;
        var typeInfo = _getTypeInfo.Invoke(_context, new object[] { type });
        try
        {
            object? value = _deserialize.Invoke(null, new[] { json, typeInfo });
            return (string)_serialize.Invoke(null, new[] { value, typeInfo })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static string Metadata(string key) =>
        typeof(NetStandardBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly lacks the {key} metadata.");

    private sealed class IsolatedLoadContext : AssemblyLoadContext
    {
        private readonly string[] _paths;

        public IsolatedLoadContext(string[] paths)
            : base("Kube.Client netstandard2.0")
        {
            _paths = paths;
        }

        protected override Assembly? Load(AssemblyName name) =>
            _paths.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == name.Name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Kube.Client.Config.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kube.Client.Config;

/// <summary>
/// One kubeconfig file as parsed: the typed entries for the loader, and the YAML tree itself,
/// kept whole so that an edit writes back every field we do not model, in its original order.
/// </summary>
internal sealed class KubeconfigDocument
{
    private KubeconfigDocument(string path, YamlStream stream)
    {
        Path = path;
        Stream = stream;
        Reader = new YamlFieldReader(path);
    }

    public string Path { get; }
    public YamlStream Stream { get; }
    public YamlFieldReader Reader { get; }
    public string? CurrentContext { get; private set; }
    public List<KubeconfigCluster> Clusters { get; } = new();
    public List<KubeconfigUser> Users { get; } = new();
    public List<KubeconfigContext> Contexts { get; } = new();
    public JsonElement? Preferences { get; private set; }
    public Dictionary<string, JsonElement> Extensions { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>The root mapping, or null when the file is empty.</summary>
    public YamlMappingNode? Root =>
        Stream.Documents.Count > 0 ? Stream.Documents[0].RootNode as YamlMappingNode : null;

    private string BaseDirectory => System.IO.Path.GetDirectoryName(Path) ?? "";

    public static KubeconfigDocument Parse(string text, string path)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var line = (int)e.Start.Line;
            var column = (int)e.Start.Column;
            throw new KubeconfigException(
                $"Kubeconfig {path}: line {line}, column {column}: {e.Message}", path, null, line, column, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these, not a YamlException, for some malformed input
            // (an unclosed flow sequence followed by more lines); the node being parsed is the one at fault.
            var mark = parser.Current?.Start ?? Mark.Empty;
            var line = (int)mark.Line;
            var column = (int)mark.Column;
            throw new KubeconfigException(
                $"Kubeconfig {path}: line {line}, column {column}: malformed YAML in the node that starts here (is a bracket or quote left open?)",
                path, null, line, column, e);
        }
        var document = new KubeconfigDocument(path, stream);
        document.Read();
        return document;
    }

    /// <summary>A new, empty kubeconfig that will be created at <paramref name="path"/> on save.</summary>
    public static KubeconfigDocument CreateEmpty(string path)
    {
        var root = new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "Config" },
            { "clusters", new YamlSequenceNode() },
            { "contexts", new YamlSequenceNode() },
            { "current-context", new YamlScalarNode("") { Style = ScalarStyle.DoubleQuoted } },
            { "preferences", new YamlMappingNode() },
            { "users", new YamlSequenceNode() },
        };
        return new KubeconfigDocument(path, new YamlStream(new YamlDocument(root)));
    }

    private void Read()
    {
        if (Stream.Documents.Count == 0 || YamlFieldReader.IsNull(Stream.Documents[0].RootNode))
        {
            return;
        }
        var rootNode = Stream.Documents[0].RootNode;
        if (rootNode is not YamlMappingNode root)
        {
            throw Reader.Error(rootNode, "(root)", $"expected a mapping with clusters, users and contexts, found {YamlFieldReader.Describe(rootNode)}");
        }

        var kind = Reader.String(root, "kind", "");
        if (kind is not null && kind.Length > 0 && kind != "Config")
        {
            throw Reader.Error(YamlFieldReader.Get(root, "kind"), "kind", $"expected \"Config\", found \"{kind}\"");
        }
        var apiVersion = Reader.String(root, "apiVersion", "");
        if (apiVersion is not null && apiVersion.Length > 0 && apiVersion != "v1")
        {
            throw Reader.Error(YamlFieldReader.Get(root, "apiVersion"), "apiVersion", $"expected \"v1\", found \"{apiVersion}\"");
        }

        CurrentContext = Reader.String(root, "current-context", "");
        var preferences = Reader.Mapping(YamlFieldReader.Get(root, "preferences"), "preferences");
        if (preferences is not null)
        {
            Preferences = YamlJson.ToJsonElement(preferences);
        }
        Extensions = ReadExtensions(root, "extensions", "");

        ReadNamed(root, "clusters", "cluster", (name, body, field, line) => Clusters.Add(ReadCluster(name, body, field, line)));
        ReadNamed(root, "users", "user", (name, body, field, line) => Users.Add(ReadUser(name, body, field, line)));
        ReadNamed(root, "contexts", "context", (name, body, field, line) => Contexts.Add(ReadContext(name, body, field, line)));
    }

    private void ReadNamed(YamlMappingNode root, string listKey, string bodyKey,
        Action<string, YamlMappingNode, string, int> add)
    {
        var list = Reader.Sequence(YamlFieldReader.Get(root, listKey), listKey);
        if (list is null)
        {
            return;
        }
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in list.Children)
        {
            var itemField = $"{listKey}[{index}]";
            var entry = Reader.Mapping(item, itemField) ?? throw Reader.Error(item, itemField, "expected a mapping with name and " + bodyKey + ", found null");
            var name = Reader.String(entry, "name", itemField);
            if (string.IsNullOrEmpty(name))
            {
                throw Reader.Error(item, itemField + ".name", "is missing; every entry needs a name");
            }
            if (seen.TryGetValue(name!, out var first))
            {
                throw Reader.Error(item, itemField, $"a second entry named \"{name}\" (the first is at {YamlFieldReader.Position(first.Start)})");
            }
            seen[name!] = item;
            var field = $"{listKey}[{YamlFieldReader.Quote(name!)}].{bodyKey}";
            var body = Reader.Mapping(YamlFieldReader.Get(entry, bodyKey), field) ?? new YamlMappingNode();
            add(name!, body, field, (int)item.Start.Line);
            index++;
        }
    }

    private KubeconfigCluster ReadCluster(string name, YamlMappingNode body, string field, int line)
    {
        var extensions = ReadExtensions(body, "extensions", field);
        return new KubeconfigCluster(name, Path, line)
        {
            Server = Reader.String(body, "server", field),
            TlsServerName = Reader.String(body, "tls-server-name", field),
            InsecureSkipTlsVerify = Reader.Bool(body, "insecure-skip-tls-verify", field),
            CertificateAuthority = ResolvePath(Reader.String(body, "certificate-authority", field)),
            CertificateAuthorityData = Reader.Base64(body, "certificate-authority-data", field),
            ProxyUrl = Reader.String(body, "proxy-url", field),
            DisableCompression = Reader.Bool(body, "disable-compression", field),
            Extensions = extensions,
        };
    }

    private KubeconfigUser ReadUser(string name, YamlMappingNode body, string field, int line)
    {
        var user = new KubeconfigUser(name, Path, line)
        {
            ClientCertificate = ResolvePath(Reader.String(body, "client-certificate", field)),
            ClientCertificateData = Reader.Base64(body, "client-certificate-data", field),
            ClientKey = ResolvePath(Reader.String(body, "client-key", field)),
            ClientKeyData = Reader.Base64(body, "client-key-data", field),
            Token = Reader.String(body, "token", field),
            TokenFile = ResolvePath(Reader.String(body, "tokenFile", field)),
            Impersonate = Reader.String(body, "as", field),
            ImpersonateUid = Reader.String(body, "as-uid", field),
            ImpersonateGroups = Reader.StringList(body, "as-groups", field),
            ImpersonateUserExtra = Reader.StringListMap(body, "as-user-extra", field),
            Username = Reader.String(body, "username", field),
            Password = Reader.String(body, "password", field),
            Extensions = ReadExtensions(body, "extensions", field),
        };
        var authProvider = Reader.Mapping(YamlFieldReader.Get(body, "auth-provider"), field + ".auth-provider");
        if (authProvider is not null)
        {
            user.AuthProviderName = Reader.String(authProvider, "name", field + ".auth-provider") ?? "";
        }
        var exec = Reader.Mapping(YamlFieldReader.Get(body, "exec"), field + ".exec");
        if (exec is not null)
        {
            user.Exec = ReadExec(exec, field + ".exec");
        }
        return user;
    }

    private ExecConfig ReadExec(YamlMappingNode exec, string field)
    {
        var config = new ExecConfig
        {
            ApiVersion = Reader.String(exec, "apiVersion", field) ?? "",
            Command = Reader.String(exec, "command", field) ?? "",
            Args = Reader.StringList(exec, "args", field),
            InstallHint = Reader.String(exec, "installHint", field),
            ProvideClusterInfo = Reader.Bool(exec, "provideClusterInfo", field),
            InteractiveMode = Reader.String(exec, "interactiveMode", field) ?? "",
            BaseDirectory = BaseDirectory,
        };
        if (config.Command.Length == 0)
        {
            throw Reader.Error(exec, field + ".command", "is missing; an exec plugin needs a command");
        }
        if (config.ApiVersion.Length == 0)
        {
            throw Reader.Error(exec, field + ".apiVersion", "is missing; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1");
        }
        if (config.ApiVersion is not (ExecConfig.ApiVersionV1 or ExecConfig.ApiVersionV1Beta1))
        {
            throw Reader.Error(YamlFieldReader.Get(exec, "apiVersion"), field + ".apiVersion",
                $"\"{config.ApiVersion}\" is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1");
        }
        if (config.InteractiveMode.Length == 0)
        {
            config.InteractiveMode = "IfAvailable";
        }
        else if (config.InteractiveMode is not ("Never" or "IfAvailable" or "Always"))
        {
            throw Reader.Error(YamlFieldReader.Get(exec, "interactiveMode"), field + ".interactiveMode",
                $"\"{config.InteractiveMode}\" is not one of Never, IfAvailable, Always");
        }
        if (IsRelativeCommandPath(config.Command))
        {
            config.Command = System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, config.Command));
        }

        var env = Reader.Sequence(YamlFieldReader.Get(exec, "env"), field + ".env");
        if (env is not null)
        {
            var index = 0;
            foreach (var item in env.Children)
            {
                var itemField = $"{field}.env[{index}]";
                var pair = Reader.Mapping(item, itemField) ?? throw Reader.Error(item, itemField, "expected a mapping with name and value, found null");
                var name = Reader.String(pair, "name", itemField);
                if (string.IsNullOrEmpty(name))
                {
                    throw Reader.Error(item, itemField + ".name", "is missing");
                }
                config.Env.Add(new KeyValuePair<string, string>(name!, Reader.String(pair, "value", itemField) ?? ""));
                index++;
            }
        }
        return config;
    }

    private KubeconfigContext ReadContext(string name, YamlMappingNode body, string field, int line) =>
        new(name, Path, line)
        {
            Cluster = Reader.String(body, "cluster", field),
            User = Reader.String(body, "user", field),
            Namespace = Reader.String(body, "namespace", field),
            Extensions = ReadExtensions(body, "extensions", field),
        };

    private Dictionary<string, JsonElement> ReadExtensions(YamlMappingNode owner, string key, string parentField)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var field = YamlFieldReader.Join(parentField, key);
        var list = Reader.Sequence(YamlFieldReader.Get(owner, key), field);
        if (list is null)
        {
            return result;
        }
        var index = 0;
        foreach (var item in list.Children)
        {
            var itemField = $"{field}[{index}]";
            var entry = Reader.Mapping(item, itemField) ?? throw Reader.Error(item, itemField, "expected a mapping with name and extension, found null");
            var name = Reader.String(entry, "name", itemField);
            if (string.IsNullOrEmpty(name))
            {
                throw Reader.Error(item, itemField + ".name", "is missing");
            }
            var value = YamlFieldReader.Get(entry, "extension");
            result[name!] = value is null ? default : YamlJson.ToJsonElement(value);
            index++;
        }
        return result;
    }

    private string? ResolvePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || System.IO.Path.IsPathRooted(path))
        {
            return path;
        }
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, path));
    }

    // client-go resolves an exec command against the kubeconfig folder only when it names a path;
    // a bare name is looked up on PATH.
    private static bool IsRelativeCommandPath(string command) =>
        !System.IO.Path.IsPathRooted(command) &&
        (command.IndexOf(System.IO.Path.DirectorySeparatorChar) >= 0 ||
         command.IndexOf(System.IO.Path.AltDirectorySeparatorChar) >= 0);
}

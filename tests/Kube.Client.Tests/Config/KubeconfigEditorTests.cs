using System;
using System.IO;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Xunit;

namespace Kube.Client.Tests.Config;

public sealed class KubeconfigEditorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static KubeconfigLoadingRules Rules(params string[] files) =>
        KubeconfigLoadingRules.FromEnvironment(null, name => name == "KUBECONFIG" ? string.Join(Path.PathSeparator.ToString(), files) : null);

    private const string Rich = """
        kind: Config
        apiVersion: v1
        preferences:
          colors: true
          extensions:
          - name: pref-ext
            extension: {x: 1}
        clusters:
        - cluster:
            server: https://k.example:6443
            certificate-authority-data: aGVsbG8=
            extensions:
            - name: client.authentication.k8s.io/exec
              extension:
                audience: kube
          name: k
        users:
        - name: sso
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: kubelogin
              args: [get-token, --server-id, "abc"]
              env: null
              interactiveMode: IfAvailable
        - name: legacy
          user:
            auth-provider:
              name: oidc
              config:
                idp-issuer-url: https://issuer.example
        contexts:
        - context:
            cluster: k
            user: sso
            namespace: "default"
            extensions:
            - name: ctx-ext
              extension: hello
          name: dev
        - name: prod
          context: {cluster: k, user: sso}
        current-context: dev
        x-unknown-top-level:
          kept: [1, 2, 3]
        """;

    [Fact]
    public async Task Setting_a_namespace_changes_only_that_value_and_keeps_every_other_field_and_the_order()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));

        editor.SetContextNamespace("prod", "payments");
        editor.SetContextNamespace("dev", "team-a");
        var written = await editor.SaveAsync();

        Assert.Equal(new[] { path }, written);
        var expected = Rich
            .Replace("context: {cluster: k, user: sso}", "context: {cluster: k, user: sso, namespace: payments}")
            .Replace("namespace: \"default\"", "namespace: \"team-a\"") + "\n";
        Assert.Equal(expected.ReplaceLineEndings("\n"), File.ReadAllText(path));
        Assert.Equal("payments", editor.Config.Contexts["prod"].Namespace);
    }

    [Fact]
    public async Task Use_context_writes_current_context_and_nothing_else()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));

        editor.UseContext("prod");
        await editor.SaveAsync();

        Assert.Equal((Rich.Replace("current-context: dev", "current-context: prod") + "\n").ReplaceLineEndings("\n"), File.ReadAllText(path));
        Assert.Equal("prod", editor.Config.CurrentContext);
    }

    [Fact]
    public async Task Use_context_of_an_unknown_context_fails_and_writes_nothing()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));

        var error = Assert.Throws<KubeconfigException>(() => editor.UseContext("staging"));

        Assert.Equal($"context \"staging\" not found in {path} (known contexts: dev, prod)", error.Message);
        Assert.Empty(await editor.SaveAsync());
        Assert.Equal(Rich, File.ReadAllText(path));
    }

    [Fact]
    public async Task Edits_touch_only_the_file_that_defined_the_entry()
    {
        var first = _dir.Write("a", "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster: {server: https://k}\n");
        var second = _dir.Write("b", "apiVersion: v1\nkind: Config\ncontexts:\n- name: c\n  context: {cluster: k}\n");
        var firstBefore = File.ReadAllText(first);
        var editor = await KubeconfigEditor.OpenAsync(Rules(first, second));

        editor.SetContextNamespace("c", "ops");
        var written = await editor.SaveAsync();

        Assert.Equal(new[] { second }, written);
        Assert.Equal(firstBefore, File.ReadAllText(first));
        Assert.Contains("context: {cluster: k, namespace: ops}", File.ReadAllText(second));
    }

    [Fact]
    public async Task New_context_and_current_context_go_to_the_first_existing_file_of_the_list()
    {
        var missing = _dir.Combine("missing");
        var first = _dir.Write("a", "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n    server: https://k\n");
        var second = _dir.Write("b", "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: k}\n");
        var editor = await KubeconfigEditor.OpenAsync(Rules(missing, first, second));

        editor.SetContext("new", cluster: "k", user: "someone", @namespace: "true");
        await editor.SaveAsync();
        editor.UseContext("new");
        await editor.SaveAsync();

        Assert.False(File.Exists(missing));
        Assert.Equal("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: k
              cluster:
                server: https://k
            contexts:
            - context:
                cluster: k
                user: someone
                namespace: "true"
              name: new
            current-context: new

            """.ReplaceLineEndings("\n"), File.ReadAllText(first));
        Assert.Contains("current-context: c", File.ReadAllText(second));
        Assert.Equal("new", editor.Config.CurrentContext);
        Assert.Equal("true", editor.Config.Contexts["new"].Namespace);
    }

    [Fact]
    public async Task Unset_current_context_clears_it_in_the_file_that_sets_it()
    {
        var first = _dir.Write("a", "apiVersion: v1\nkind: Config\n");
        var second = _dir.Write("b", "current-context: c\ncontexts:\n- name: c\n  context: {}\n");
        var editor = await KubeconfigEditor.OpenAsync(Rules(first, second));

        editor.UnsetCurrentContext();
        await editor.SaveAsync();

        Assert.Equal("apiVersion: v1\nkind: Config\n", File.ReadAllText(first));
        Assert.StartsWith("current-context: \"\"\n", File.ReadAllText(second));
        Assert.Null(editor.Config.CurrentContext);
    }

    [Fact]
    public async Task Writing_creates_the_default_file_when_none_exists_with_owner_only_permissions()
    {
        var path = _dir.Combine("sub", "config");
        var editor = await KubeconfigEditor.OpenAsync(Rules(path));

        editor.SetContext("c", cluster: "k");
        await editor.SaveAsync();

        Assert.True(File.Exists(path));
        Assert.Equal("k", editor.Config.Contexts["c"].Cluster);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Empty(Directory.GetFiles(_dir.Combine("sub"), ".*tmp*"));
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public async Task Permissions_of_an_existing_file_are_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = _dir.Write("config", Rich);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));

        editor.UseContext("prod");
        await editor.SaveAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task A_symlinked_kubeconfig_stays_a_link_and_its_target_is_written()
    {
        var target = _dir.Write("real/config", Rich);
        var link = _dir.Combine("link-config");
        File.CreateSymbolicLink(link, target);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(link));

        editor.UseContext("prod");
        await editor.SaveAsync();

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("current-context: prod", File.ReadAllText(target));
    }

    [Fact]
    public async Task A_held_lock_makes_save_fail_with_a_clear_message_and_leaves_the_file_alone()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));
        File.WriteAllText(path + ".lock", "");
        editor.LockTimeout = TimeSpan.FromMilliseconds(200);

        editor.UseContext("prod");
        var error = await Assert.ThrowsAsync<IOException>(() => editor.SaveAsync());

        Assert.Contains(path + ".lock", error.Message);
        Assert.Equal(Rich, File.ReadAllText(path));
    }

    [Fact]
    public async Task Changes_made_by_someone_else_since_opening_are_kept()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));
        File.WriteAllText(path, Rich + "\nadded-by-other: yes\n");

        editor.UseContext("prod");
        await editor.SaveAsync();

        var text = File.ReadAllText(path);
        Assert.Contains("added-by-other: yes", text);
        Assert.Contains("current-context: prod", text);
    }

    [Fact]
    public async Task Delete_context_removes_only_that_entry()
    {
        var path = _dir.Write("config", Rich);
        var editor = await KubeconfigEditor.OpenAsync(KubeconfigLoadingRules.ForFile(path));

        editor.DeleteContext("prod");
        await editor.SaveAsync();

        Assert.Equal((Rich.Replace("- name: prod\n  context: {cluster: k, user: sso}\n", "") + "\n").ReplaceLineEndings("\n"), File.ReadAllText(path));
        Assert.False(editor.Config.Contexts.ContainsKey("prod"));
    }
}

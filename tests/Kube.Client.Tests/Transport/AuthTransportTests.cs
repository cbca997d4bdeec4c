using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Kube.Client.Config;
using Kube.Client.Tests.Support;
using Kube.Client.Transport;
using Kube.Client.Transport.Auth;
using Xunit;

namespace Kube.Client.Tests.Transport;

public sealed class AuthTransportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<ReceivedRequest> Send(HttpClient client, TlsTestServer server, HttpMethod? method = null, HttpContent? content = null)
    {
        var before = server.Requests.Count;
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(server.Url, "/api/v1/namespaces")) { Content = content };
        (await client.SendAsync(request)).Dispose();
        return server.Requests.ToArray()[^1];
    }

    [Fact]
    public async Task Bearer_token_is_sent_and_a_callers_authorization_is_kept()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        config.BearerToken = "abc.def";
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        Assert.Equal("Bearer abc.def", (await Send(client, server)).Header("Authorization"));

        using var own = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "/x"));
        own.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mine");
        (await client.SendAsync(own)).Dispose();
        Assert.Equal("Bearer mine", server.Requests.ToArray()[^1].Header("Authorization"));
    }

    [Fact]
    public async Task Basic_auth_is_sent()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        config.Username = "admin";
        config.Password = "pässword";
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        var header = (await Send(client, server)).Header("Authorization");

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pässword")), header);
    }

    [Fact]
    public async Task Impersonation_headers_are_sent()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        config.ImpersonateUser = "jane";
        config.ImpersonateUid = "1234";
        config.ImpersonateGroups = new[] { "devs" }.ToList();
        config.ImpersonateExtra["scopes"] = new[] { "read" }.ToList();
        config.ImpersonateExtra["example.com/team"] = new[] { "a" }.ToList();
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        var request = await Send(client, server);

        Assert.Equal("jane", request.Header("Impersonate-User"));
        Assert.Equal("1234", request.Header("Impersonate-Uid"));
        Assert.Equal(new[] { "devs" }, request.HeaderValues("Impersonate-Group"));
        Assert.Equal(new[] { "read" }, request.HeaderValues("Impersonate-Extra-scopes"));
        Assert.Equal("a", request.Header("Impersonate-Extra-example.com%2Fteam"));
    }

    [Fact]
    public void Several_impersonated_groups_are_refused_because_dotnet_folds_repeated_headers()
    {
        var config = new RestConfig { Host = new Uri("https://k.example"), Source = "context \"c\" in /k" };
        config.ImpersonateUser = "jane";
        config.ImpersonateGroups = new[] { "devs", "ops" }.ToList();

        var error = Assert.Throws<KubeconfigException>(() => HttpTransport.CreateHandler(config));

        Assert.StartsWith("context \"c\" in /k: as-groups: 2 groups cannot be impersonated at once", error.Message);

        config.ImpersonateGroups.Clear();
        config.ImpersonateExtra["scopes"] = new[] { "a", "b" }.ToList();
        Assert.Contains("as-user-extra", Assert.Throws<KubeconfigException>(() => HttpTransport.CreateHandler(config)).Message);
    }

    [Fact]
    public async Task Default_user_agent_names_product_version_os_and_arch_and_a_configured_one_wins()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        using (var client = new HttpClient(HttpTransport.CreateHandler(config)))
        {
            var agent = (await Send(client, server)).Header("User-Agent");
            Assert.Matches(@"^Kube\.PowerShell/\d+\.\d+\.\d+\S* \((linux|windows|darwin); (x64|arm64|x86|arm)\)$", agent);
            Assert.Equal(HttpTransport.DefaultUserAgent, agent);
        }

        config.UserAgent = "my-runbook/1.0";
        using (var client = new HttpClient(HttpTransport.CreateHandler(config)))
        {
            Assert.Equal("my-runbook/1.0", (await Send(client, server)).Header("User-Agent"));
        }
    }

    [Fact]
    public async Task Gzip_is_asked_for_unless_compression_is_disabled()
    {
        await using var server = TestServers.Start();
        var config = TestServers.ConfigFor(server);
        using (var client = new HttpClient(HttpTransport.CreateHandler(config)))
        {
            Assert.Contains("gzip", (await Send(client, server)).Header("Accept-Encoding"));
        }
        config.DisableCompression = true;
        using (var client = new HttpClient(HttpTransport.CreateHandler(config)))
        {
            Assert.Null((await Send(client, server)).Header("Accept-Encoding"));
        }
    }

    [Fact]
    public async Task Token_file_is_re_read_when_it_changes()
    {
        await using var server = TestServers.Start();
        var tokenFile = _dir.Write("token", "first-token\n");
        var config = TestServers.ConfigFor(server);
        config.BearerTokenFile = tokenFile;
        config.BearerToken = "ignored-when-a-file-is-set";
        using var client = new HttpClient(HttpTransport.CreateHandler(config));

        Assert.Equal("Bearer first-token", (await Send(client, server)).Header("Authorization"));
        Assert.Equal("Bearer first-token", (await Send(client, server)).Header("Authorization"));

        File.WriteAllText(tokenFile, "second-token-longer");
        Assert.Equal("Bearer second-token-longer", (await Send(client, server)).Header("Authorization"));
    }

    [Fact]
    public async Task Token_file_source_reads_only_on_change_or_after_max_age()
    {
        var tokenFile = _dir.Write("token", "one");
        var now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var source = new TokenFileSource(tokenFile, () => now);

        Assert.Equal("one", await source.GetTokenAsync(default));
        Assert.Equal("one", await source.GetTokenAsync(default));
        Assert.Equal(1, source.Reads);

        File.WriteAllText(tokenFile, "two");
        File.SetLastWriteTimeUtc(tokenFile, File.GetLastWriteTimeUtc(tokenFile).AddSeconds(5));
        Assert.Equal("two", await source.GetTokenAsync(default));
        Assert.Equal(2, source.Reads);

        now = now.AddMinutes(2);
        Assert.Equal("two", await source.GetTokenAsync(default));
        Assert.Equal(3, source.Reads);

        source.Invalidate();
        await source.GetTokenAsync(default);
        Assert.Equal(4, source.Reads);
    }

    [Fact]
    public async Task Token_file_that_disappears_keeps_the_last_good_token_but_a_first_read_failure_names_the_file()
    {
        var tokenFile = _dir.Write("token", "kept");
        var source = new TokenFileSource(tokenFile);
        await source.GetTokenAsync(default);
        File.Delete(tokenFile);
        source.Invalidate();

        Assert.Equal("kept", await source.GetTokenAsync(default));

        var missing = new TokenFileSource(_dir.Combine("nothing"));
        var error = await Assert.ThrowsAsync<IOException>(() => missing.GetTokenAsync(default));
        Assert.StartsWith($"token file {_dir.Combine("nothing")} cannot be read", error.Message);
    }

    [Fact]
    public async Task A_401_re_reads_the_token_file_and_replays_the_request_once()
    {
        await using var server = TestServers.Start();
        var tokenFile = _dir.Write("token", "old");
        server.Respond = r => r.Header("Authorization") == "Bearer old" ? (401, "{}") : (200, "{}");
        var config = TestServers.ConfigFor(server);
        config.BearerTokenFile = tokenFile;
        using var client = new HttpClient(HttpTransport.CreateHandler(config));
        (await client.GetAsync(new Uri(server.Url, "/warm"))).Dispose();

        // Same size and same mtime: only the 401 can reveal the change.
        var mtime = File.GetLastWriteTimeUtc(tokenFile);
        File.WriteAllText(tokenFile, "new");
        File.SetLastWriteTimeUtc(tokenFile, mtime);
        using var response = await client.PostAsync(new Uri(server.Url, "/api"), new StringContent("{\"a\":1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "Bearer old", "Bearer old", "Bearer new" }, server.Requests.Select(r => r.Header("Authorization")));
    }
}

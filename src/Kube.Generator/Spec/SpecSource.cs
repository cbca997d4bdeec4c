using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Kube.Generator.Spec;

/// <summary>Where the OpenAPI document comes from: a swagger.json file, or a server's /openapi/v2.</summary>
public sealed class SpecSource
{
    public SpecSource(string location)
    {
        Location = location ?? throw new ArgumentNullException(nameof(location));
    }

    /// <summary>A file path, or an http(s) URL such as https://127.0.0.1:6443/openapi/v2.</summary>
    public string Location { get; }

    public string? BearerToken { get; init; }

    /// <summary>A PEM file of the CA that signed the server's certificate.</summary>
    public string? CertificateAuthorityFile { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public bool IsUrl => Uri.TryCreate(Location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public async Task<ApiSpec> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!IsUrl)
        {
            if (!File.Exists(Location)) throw new SpecException($"The OpenAPI document '{Location}' does not exist.");
            string text = await File.ReadAllTextAsync(Location, cancellationToken).ConfigureAwait(false);
            return ApiSpec.Parse(text, Location);
        }

        using var handler = CreateHandler();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Get, Location);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(BearerToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new SpecException($"GET {Location} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        string json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ApiSpec.Parse(json, Location);
    }

    private HttpClientHandler CreateHandler()
    {
        var handler = new HttpClientHandler();
        if (InsecureSkipTlsVerify)
        {
            handler.ServerCertificateCustomValidationCallback = static (_, _, _, _) => true;
        }
        else if (CertificateAuthorityFile is not null)
        {
            if (!File.Exists(CertificateAuthorityFile)) throw new SpecException($"The CA file '{CertificateAuthorityFile}' does not exist.");
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(CertificateAuthorityFile);
            if (authorities.Count == 0) throw new SpecException($"The CA file '{CertificateAuthorityFile}' holds no PEM certificate.");
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                if (errors == SslPolicyErrors.None) return true;
                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }
        return handler;
    }
}

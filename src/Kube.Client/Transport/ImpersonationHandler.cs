using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Config;

namespace Kube.Client.Transport;

/// <summary>Adds the Impersonate-* headers of the config (kubeconfig's as, as-uid, as-groups, as-user-extra).</summary>
internal sealed class ImpersonationHandler : DelegatingHandler
{
    private readonly string? _user;
    private readonly string? _uid;
    private readonly IReadOnlyList<string> _groups;
    private readonly IReadOnlyList<KeyValuePair<string, IList<string>>> _extra;

    public ImpersonationHandler(RestConfig config, HttpMessageHandler inner) : base(inner)
    {
        // The API server reads each Impersonate-Group (and Impersonate-Extra-*) header line as one
        // value, but HttpClient folds repeated headers into one comma-joined line, which would
        // impersonate a single group named "a, b". Refuse rather than impersonate the wrong group.
        var source = config.Source ?? config.Host.ToString();
        if (config.ImpersonateGroups.Count > 1)
        {
            throw new KubeconfigException(
                $"{source}: as-groups: {config.ImpersonateGroups.Count} groups cannot be impersonated at once: .NET's HttpClient joins repeated Impersonate-Group headers into one, which the API server would read as a single group; impersonate one group",
                null, "as-groups");
        }
        foreach (var pair in config.ImpersonateExtra)
        {
            if (pair.Value.Count > 1)
            {
                throw new KubeconfigException(
                    $"{source}: as-user-extra: \"{pair.Key}\" has {pair.Value.Count} values, but .NET's HttpClient joins repeated Impersonate-Extra headers into one; give one value",
                    null, "as-user-extra");
            }
        }
        _user = config.ImpersonateUser;
        _uid = config.ImpersonateUid;
        _groups = new List<string>(config.ImpersonateGroups);
        _extra = new List<KeyValuePair<string, IList<string>>>(config.ImpersonateExtra);
    }

    public static bool IsNeeded(RestConfig config) =>
        !string.IsNullOrEmpty(config.ImpersonateUser) || !string.IsNullOrEmpty(config.ImpersonateUid) ||
        config.ImpersonateGroups.Count > 0 || config.ImpersonateExtra.Count > 0;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A request that impersonates on its own keeps its headers.
        if (!request.Headers.Contains("Impersonate-User"))
        {
            if (!string.IsNullOrEmpty(_user))
            {
                request.Headers.TryAddWithoutValidation("Impersonate-User", _user);
            }
            if (!string.IsNullOrEmpty(_uid))
            {
                request.Headers.TryAddWithoutValidation("Impersonate-Uid", _uid);
            }
            foreach (var group in _groups)
            {
                request.Headers.TryAddWithoutValidation("Impersonate-Group", group);
            }
            foreach (var pair in _extra)
            {
                var name = "Impersonate-Extra-" + EscapeHeaderKey(pair.Key);
                foreach (var value in pair.Value)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Percent-encodes what an HTTP header name may not hold, as the API server expects.</summary>
    internal static string EscapeHeaderKey(string key)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsLetterOrDigit(c) || "!#$&'*+-.^_`|~".IndexOf(c) >= 0))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}

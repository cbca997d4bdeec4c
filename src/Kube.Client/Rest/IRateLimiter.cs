using System.Threading;
using System.Threading.Tasks;

namespace Kube.Client.Rest;

/// <summary>Client-side throttle consulted before every request attempt.</summary>
public interface IRateLimiter
{
    /// <summary>Waits until one request may be sent.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);
}

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Internal;

namespace Kube.Client.Transport.Auth;

/// <summary>
/// A bearer token kept in a file that something else rotates (the kubelet's projected service
/// account token, a sidecar...). Each use compares the file's modification time and size, which
/// is cheap, and reads it again when they change, after an invalidation (a 401), or once
/// <see cref="MaxAge"/> has passed whatever the file says (client-go re-reads every minute).
/// A failed re-read keeps the last good token.
/// </summary>
internal sealed class TokenFileSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<DateTime> _utcNow;
    private string? _token;
    private DateTime _readAt;
    private DateTime _lastWrite;
    private long _length = -1;
    private volatile bool _invalidated;

    public TokenFileSource(string path, Func<DateTime>? utcNow = null)
    {
        Path = path;
        _utcNow = utcNow ?? (() => DateTime.UtcNow);
    }

    public string Path { get; }

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times the file was read (for tests and diagnostics).</summary>
    public int Reads { get; private set; }

    public void Invalidate() => _invalidated = true;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var info = new FileInfo(Path);
        var token = _token;
        if (token is not null && !_invalidated && Fresh(info))
        {
            return token;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            info.Refresh();
            if (_token is not null && !_invalidated && Fresh(info))
            {
                return _token;
            }
            _invalidated = false;
            string text;
            try
            {
                text = (await FileText.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false)).Trim();
                if (text.Length == 0)
                {
                    throw new IOException("the file is empty");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (_token is not null)
                {
                    return _token;
                }
                throw new IOException($"token file {Path} cannot be read: {e.Message}", e);
            }
            Reads++;
            _token = text;
            _readAt = _utcNow();
            _lastWrite = info.Exists ? info.LastWriteTimeUtc : default;
            _length = info.Exists ? info.Length : -1;
            return text;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool Fresh(FileInfo info)
    {
        if (_utcNow() - _readAt >= MaxAge)
        {
            return false;
        }
        if (!info.Exists)
        {
            return true;
        }
        return info.LastWriteTimeUtc == _lastWrite && info.Length == _length;
    }
}

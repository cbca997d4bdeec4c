using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Kube.Client.Clock;
using Kube.Client.Rest;
using Kube.Client.Retry;

namespace Kube.Client.LeaderElection;

/// <summary>
/// Leader election among candidates that share a lock object (client-go's LeaderElector).
/// <see cref="RunAsync"/> campaigns until this candidate holds the lock, runs
/// <see cref="LeaderElectionConfig.OnStartedLeading"/>, renews the lock while leading, and returns
/// once leadership ends.
/// </summary>
/// <remarks>
/// <para>A candidate takes the lock when it is free, or when the record in it has not changed for
/// the holder's lease duration as measured by this candidate's own monotonic clock from the
/// moment it first saw that record. The timestamps in the record are never compared with the
/// local clock, so clock skew between machines does not matter (a difference in clock rates
/// does: keep <see cref="LeaderElectionConfig.RenewDeadline"/> well under
/// <see cref="LeaderElectionConfig.LeaseDuration"/>).</para>
/// <para>Every write carries the resourceVersion last seen, so when two candidates race, the API
/// server accepts one write and rejects the other with a conflict; the loser tries again after
/// the retry period.</para>
/// <para>A leader that cannot renew within the renew deadline stops leading: its work is cancelled
/// before any other candidate may take over, if the clocks run at the same rate. This is not
/// fencing: work that ignores its cancellation can overlap with the next leader's.</para>
/// </remarks>
public sealed class LeaderElector
{
    /// <summary>Acquire attempts are spread over the retry period times 1 to 2.2 (client-go's JitterFactor).</summary>
    public const double JitterFactor = 1.2;

    private readonly ILeaseLock _lock;
    private readonly IClock _clock;
    private readonly TimeSpan _leaseDuration;
    private readonly TimeSpan _renewDeadline;
    private readonly TimeSpan _retryPeriod;
    private readonly int _leaseDurationSeconds;
    private readonly bool _releaseOnCancel;
    private readonly Func<CancellationToken, Task> _onStartedLeading;
    private readonly Action? _onStoppedLeading;
    private readonly Action<string>? _onNewLeader;
    private readonly Action<string>? _log;

    private LeaderElectionRecord? _observedRecord;
    private TimeSpan _observedTime;
    private string? _reportedLeader;
    private string? _waitingOn;
    private int _running;
    private volatile bool _isLeader;

    public LeaderElector(LeaderElectionConfig config)
    {
        if (config is null) throw new ArgumentNullException(nameof(config));
        if (config.LeaseDuration < TimeSpan.FromSeconds(1))
            throw new ArgumentException($"LeaseDuration must be at least 1 second (got {config.LeaseDuration}).", nameof(config));
        if (config.RenewDeadline <= TimeSpan.Zero)
            throw new ArgumentException($"RenewDeadline must be positive (got {config.RenewDeadline}).", nameof(config));
        if (config.RetryPeriod <= TimeSpan.Zero)
            throw new ArgumentException($"RetryPeriod must be positive (got {config.RetryPeriod}).", nameof(config));
        if (config.LeaseDuration <= config.RenewDeadline)
            throw new ArgumentException($"LeaseDuration ({config.LeaseDuration}) must be greater than RenewDeadline ({config.RenewDeadline}).", nameof(config));
        if (config.RenewDeadline.Ticks <= JitterFactor * config.RetryPeriod.Ticks)
            throw new ArgumentException($"RenewDeadline ({config.RenewDeadline}) must be greater than {JitterFactor} x RetryPeriod ({config.RetryPeriod}).", nameof(config));
        _onStartedLeading = config.OnStartedLeading
            ?? throw new ArgumentException("OnStartedLeading is required: it runs the work to do while leading.", nameof(config));
        if (string.IsNullOrEmpty(config.Lock.Identity))
            throw new ArgumentException("The lock has no candidate identity.", nameof(config));

        _lock = config.Lock;
        _clock = config.Clock ?? SystemClock.Instance;
        _leaseDuration = config.LeaseDuration;
        _renewDeadline = config.RenewDeadline;
        _retryPeriod = config.RetryPeriod;
        _leaseDurationSeconds = (int)Math.Min(int.MaxValue, Math.Ceiling(config.LeaseDuration.TotalSeconds));
        _releaseOnCancel = config.ReleaseOnCancel;
        _onStoppedLeading = config.OnStoppedLeading;
        _onNewLeader = config.OnNewLeader;
        _log = config.Log;
        config.WatchDog?.Attach(this);
    }

    /// <summary>This candidate's identity.</summary>
    public string Identity => _lock.Identity;

    public TimeSpan LeaseDuration => _leaseDuration;

    public TimeSpan RenewDeadline => _renewDeadline;

    public TimeSpan RetryPeriod => _retryPeriod;

    /// <summary>True from the moment this candidate acquires the lock until it stops leading.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder last seen in the lock (this candidate's identity while it leads); null when none.</summary>
    public string? GetLeader() => Volatile.Read(ref _observedRecord)?.HolderIdentity is { Length: > 0 } holder ? holder : null;

    /// <summary>
    /// Null while healthy; otherwise why not: this candidate leads but has not renewed the lease for
    /// longer than its duration plus <paramref name="maxTolerableExpiredLease"/> (client-go's Check).
    /// A liveness probe asks it (through <see cref="LeaderElectionHealthCheck"/>) so that a leader
    /// whose renewals hang is restarted; candidates that do not lead are always healthy.
    /// </summary>
    public string? Check(TimeSpan maxTolerableExpiredLease)
    {
        if (!_isLeader) return null;
        TimeSpan since = _clock.Elapsed - _observedTime;
        return since > _leaseDuration + maxTolerableExpiredLease
            ? $"{Identity} leads but last renewed lease {_lock.Description} {since.TotalSeconds:0.#} s ago, more than its duration ({_leaseDuration.TotalSeconds:0.#} s) plus {maxTolerableExpiredLease.TotalSeconds:0.#} s"
            : null;
    }

    /// <summary>
    /// Campaigns, leads, and returns when leadership ends: when <paramref name="cancellationToken"/>
    /// is cancelled (before or while leading; not an error) or when the lock could not be renewed
    /// within the renew deadline. Run it again to stand again. One run at a time per elector.
    /// </summary>
    /// <exception cref="InvalidOperationException">This elector is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException($"The elector for {Identity} on {_lock.Description} is already running; it runs one election at a time.");
        try
        {
            if (await AcquireAsync(cancellationToken).ConfigureAwait(false))
                await LeadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        Log($"{Identity}: trying to acquire lease {_lock.Description}");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                bool acquired = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
                ReportNewLeader();
                if (acquired)
                {
                    Log($"{Identity}: acquired lease {_lock.Description}");
                    return true;
                }
                await _clock.DelayAsync(Jittered(_retryPeriod), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        return false;
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _isLeader = true;
        Task work = Task.Run(() => _onStartedLeading(leading.Token));
        _ = StopLeadingIfFailedAsync(work, leading);

        Exception? failure = null;
        bool lost = false;
        try
        {
            lost = !await RenewAsync(leading.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        _isLeader = false;
        leading.Cancel();
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure ??= e;
        }

        if (lost) Log($"{Identity}: stopped leading: lease {_lock.Description} not renewed within {_renewDeadline}");
        else if (_releaseOnCancel) await ReleaseAsync().ConfigureAwait(false);
        _onStoppedLeading?.Invoke();
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>
    /// Renews every retry period (the lock was just written) until <paramref name="stop"/> fires
    /// (true) or a renewal fails for the whole renew deadline (false).
    /// </summary>
    private async Task<bool> RenewAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await _clock.DelayAsync(_retryPeriod, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return true;
            }
            bool renewed = await RenewWithinDeadlineAsync(stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested) return true;
            if (!renewed) return false;
        }
    }

    private async Task<bool> RenewWithinDeadlineAsync(CancellationToken stop)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _ = CancelAtAsync(round, _clock.Elapsed + _renewDeadline);
        try
        {
            while (true)
            {
                bool renewed = await TryAcquireOrRenewAsync(round.Token).ConfigureAwait(false);
                ReportNewLeader();
                if (renewed) return true;
                await _clock.DelayAsync(_retryPeriod, round.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            round.Cancel();
        }
    }

    /// <summary>
    /// One attempt: read the lock; create it if missing; take it if it is free or expired, renew
    /// it if held by us. True when we hold the lock afterwards. Failures are logged, not thrown.
    /// </summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = TruncateToMicroseconds(_clock.UtcNow);
        var desired = new LeaderElectionRecord
        {
            HolderIdentity = Identity,
            LeaseDurationSeconds = _leaseDurationSeconds,
            AcquireTime = now,
            RenewTime = now,
        };

        LeaderElectionRecord? current;
        try
        {
            current = await _lock.GetAsync(cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                await _lock.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
                Observe(desired);
                return true;
            }
        }
        catch (Exception e)
        {
            return Failed(e, current: null, cancellationToken);
        }

        if (!current.Equals(Volatile.Read(ref _observedRecord))) Observe(current);

        bool heldByUs = current.HolderIdentity == Identity;
        if (current.HolderIdentity.Length > 0 && !heldByUs &&
            _observedTime + TimeSpan.FromSeconds(current.LeaseDurationSeconds) > _clock.Elapsed)
        {
            // Once per holder: a candidate waits through many attempts, and the log says nothing new.
            if (current.HolderIdentity != _waitingOn)
                Log($"{Identity}: lease {_lock.Description} is held by {current.HolderIdentity} and has not expired; waiting");
            _waitingOn = current.HolderIdentity;
            return false;
        }

        desired = heldByUs
            ? desired with { AcquireTime = current.AcquireTime, LeaderTransitions = current.LeaderTransitions }
            : desired with { LeaderTransitions = current.LeaderTransitions + 1 };
        try
        {
            await _lock.UpdateAsync(desired, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Failed(e, current, cancellationToken);
        }
        Observe(desired);
        return true;
    }

    private bool Failed(Exception e, LeaderElectionRecord? current, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The attempt on the lease was cancelled.", e, cancellationToken);
        string verb = current is null ? "read or create" : current.HolderIdentity == Identity ? "renew" : "acquire";
        Log(e is KubeApiException { IsConflict: true } or KubeApiException { IsAlreadyExists: true }
            ? $"{Identity}: could not {verb} lease {_lock.Description}: another candidate changed it first ({e.Message})"
            : $"{Identity}: could not {verb} lease {_lock.Description}: {e.Message}");
        return false;
    }

    /// <summary>Clears the holder so that another candidate takes over at once (after our work has ended).</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource();
        _ = CancelAtAsync(timeout, _clock.Elapsed + _renewDeadline);
        try
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var observed = Volatile.Read(ref _observedRecord);
                if (observed is null || observed.HolderIdentity != Identity) return;
                DateTimeOffset now = TruncateToMicroseconds(_clock.UtcNow);
                var released = new LeaderElectionRecord
                {
                    HolderIdentity = "",
                    LeaseDurationSeconds = 1,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaderTransitions = observed.LeaderTransitions,
                };
                try
                {
                    await _lock.UpdateAsync(released, timeout.Token).ConfigureAwait(false);
                    Observe(released);
                    Log($"{Identity}: released lease {_lock.Description}");
                    return;
                }
                catch (KubeApiException e) when (e.IsConflict && attempt == 0)
                {
                    // A renewal cancelled in flight may still have been applied: read the lease
                    // again and release it if it is still ours.
                    var current = await _lock.GetAsync(timeout.Token).ConfigureAwait(false);
                    if (current is null) return;
                    Observe(current);
                }
            }
        }
        catch (Exception e)
        {
            Log($"{Identity}: could not release lease {_lock.Description}; it expires after its duration: {e.Message}");
        }
        finally
        {
            timeout.Cancel();
        }
    }

    private void Observe(LeaderElectionRecord record)
    {
        _observedTime = _clock.Elapsed;
        Volatile.Write(ref _observedRecord, record);
    }

    private void ReportNewLeader()
    {
        string? holder = GetLeader();
        if (holder is null || holder == _reportedLeader) return;
        _reportedLeader = holder;
        Log($"{Identity}: new leader is {holder}");
        _onNewLeader?.Invoke(holder);
    }

    private static async Task StopLeadingIfFailedAsync(Task work, CancellationTokenSource leading)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // LeadAsync observes the exception itself; here it only ends the renewals.
            try
            {
                leading.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task CancelAtAsync(CancellationTokenSource source, TimeSpan deadline)
    {
        try
        {
            await _clock.DelayUntilAsync(deadline, source.Token).ConfigureAwait(false);
            source.Cancel();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static TimeSpan Jittered(TimeSpan period) =>
        period + TimeSpan.FromTicks((long)(period.Ticks * JitterFactor * SharedRandom.Value.NextDouble()));

    /// <summary>Lease times are stored in microseconds; a record read back then equals the one written.</summary>
    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    private void Log(string message) => _log?.Invoke(message);
}

using System;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Kube.Client.Rest;

namespace Kube.PowerShell.Errors;

/// <summary>
/// Maps library failures to ErrorRecords with a stable id, a real category, the object as
/// target and ErrorDetails; the id is the API reason ("NotFound", "Invalid", ...) or a fixed
/// name for client-side failures, so scripts can match on it.
/// </summary>
public static class KubeErrorRecords
{
    public const string ConnectionFailed = nameof(ConnectionFailed);
    public const string RequestTimedOut = nameof(RequestTimedOut);
    public const string InvalidResponse = nameof(InvalidResponse);
    public const string ConfigurationError = nameof(ConfigurationError);
    public const string InvalidArgument = nameof(InvalidArgument);
    public const string UnexpectedError = nameof(UnexpectedError);
    public const string UnknownKind = nameof(UnknownKind);
    public const string ScalePreconditionFailed = nameof(ScalePreconditionFailed);
    public const string NotScalable = nameof(NotScalable);
    public const string RolloutNotSupported = nameof(RolloutNotSupported);

    /// <summary>
    /// The one rule for how a failure ends (README, "Errors"): a failure that concerns the whole
    /// context ends the command, since no other target would fare better: the server cannot be
    /// reached, it rejects the credentials (401), or the kubeconfig is broken. Anything the server
    /// or the input refuses for one target (Forbidden, NotFound, Invalid, an unknown kind, a bad
    /// name, a timeout) is a non-terminating error record for that target, whether the target came
    /// from a parameter or from the pipeline, and the command goes on with the next one. Failures
    /// this rule does not know (a bug) end the command.
    /// </summary>
    public static bool EndsCommand(Exception error) => !IsTargetFailure(error);

    /// <summary>A failure that belongs to one target: written as a non-terminating error (see <see cref="EndsCommand"/>).</summary>
    public static bool IsTargetFailure(Exception error)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } agg) error = agg.InnerExceptions[0];
        return error switch
        {
            KubeApiException api => !api.IsUnauthorized,
            Kube.Client.Mapping.NoMatchException => true,
            TimeoutException => true,
            JsonException => true,
            Kube.Client.Serialization.Protobuf.ProtobufException => true,
            Kube.Client.Yaml.KubeYamlException => true,
            Kube.Client.Operations.RolloutException => true,
            Kube.Client.Operations.ScalePreconditionException => true,
            Kube.Client.Operations.NotScalableException => true,
            Kube.Client.Operations.RolloutNotSupportedException => true,
            Kube.Client.Streams.Targets.PodNotRunningException => true,
            Kube.Client.Streams.Targets.ContainerNotFoundException => true,
            Kube.Client.Config.KubeconfigException => false,
            ArgumentException => true,
            FormatException => true,
            _ => false,
        };
    }

    /// <param name="error">What went wrong.</param>
    /// <param name="target">The object at fault; when null, what the error itself names (the server, the kubeconfig file, the request).</param>
    /// <param name="activity">Overrides the record's activity.</param>
    /// <param name="connection">The server and credentials in use (RestConfig.ToString(), never a secret), named when the server rejects the credentials.</param>
    public static ErrorRecord From(Exception error, object? target, string? activity = null, string? connection = null)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } agg) error = agg.InnerExceptions[0];
        target ??= error switch
        {
            KubeConnectionException c => c.Server,
            Kube.Client.Config.KubeconfigException k => k.FilePath,
            KubeApiException a => a.Request,
            _ => null,
        };
        var record = error switch
        {
            KubeApiException api => FromApi(api, target, connection),
            Kube.Client.Mapping.NoMatchException miss => FromNoMatch(miss, target),
            Kube.Client.Operations.RolloutException rollout => FromRollout(rollout, target),
            Kube.Client.Operations.ScalePreconditionException => new ErrorRecord(error, ScalePreconditionFailed, ErrorCategory.ResourceBusy, target),
            Kube.Client.Operations.NotScalableException => new ErrorRecord(error, NotScalable, ErrorCategory.InvalidArgument, target),
            Kube.Client.Operations.RolloutNotSupportedException => new ErrorRecord(error, RolloutNotSupported, ErrorCategory.InvalidArgument, target),
            KubeConnectionException => new ErrorRecord(error, ConnectionFailed, ErrorCategory.ConnectionError, target),
            TimeoutException => new ErrorRecord(error, RequestTimedOut, ErrorCategory.OperationTimeout, target),
            JsonException => new ErrorRecord(error, InvalidResponse, ErrorCategory.InvalidResult, target),
            Kube.Client.Config.KubeconfigException => new ErrorRecord(error, ConfigurationError, ErrorCategory.InvalidData, target),
            ArgumentException => new ErrorRecord(error, InvalidArgument, ErrorCategory.InvalidArgument, target),
            _ when StreamErrorRecords.TryCreate(error, target) is { } stream => stream,
            _ => new ErrorRecord(error, UnexpectedError, ErrorCategory.NotSpecified, target),
        };
        if (activity is not null) record.CategoryInfo.Activity = activity;
        return record;
    }

    private static ErrorRecord FromApi(KubeApiException e, object? target, string? connection)
    {
        string id = e.Reason.Length > 0 ? e.Reason : "HttpStatus" + e.StatusCode;
        string message = DetailedMessage(e);
        // The server says no more than "Unauthorized"; say which server and credentials it refused.
        if (e.IsUnauthorized && connection is not null) message += $": {connection} rejected the credentials";
        var record = new ErrorRecord(e, id, Category(e), target)
        {
            ErrorDetails = new ErrorDetails(message),
        };
        if (Advice(e) is string advice) record.ErrorDetails.RecommendedAction = advice;
        return record;
    }

    private static ErrorRecord FromNoMatch(Kube.Client.Mapping.NoMatchException e, object? target)
    {
        var record = new ErrorRecord(e, UnknownKind, ErrorCategory.ObjectNotFound, target ?? e.Input);
        if (e.Suggestions.Count > 0)
            record.ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = "Did you mean " + string.Join(", ", e.Suggestions) + "? Get-KubeApiResource lists what the server serves." };
        return record;
    }

    /// <summary>The id of a rollout failure is its reason (ProgressDeadlineExceeded, RevisionNotFound...).</summary>
    private static ErrorRecord FromRollout(Kube.Client.Operations.RolloutException e, object? target)
    {
        var category = e.Failure switch
        {
            Kube.Client.Operations.RolloutFailure.ProgressDeadlineExceeded => ErrorCategory.OperationTimeout,
            Kube.Client.Operations.RolloutFailure.Deleted => ErrorCategory.ObjectNotFound,
            Kube.Client.Operations.RolloutFailure.RevisionNotFound => ErrorCategory.ObjectNotFound,
            Kube.Client.Operations.RolloutFailure.RevisionChanged => ErrorCategory.InvalidResult,
            _ => ErrorCategory.InvalidOperation,
        };
        var record = new ErrorRecord(e, e.Failure.ToString(), category, target) { ErrorDetails = new ErrorDetails(e.Message) };
        record.ErrorDetails.RecommendedAction = e.Failure switch
        {
            Kube.Client.Operations.RolloutFailure.ProgressDeadlineExceeded => "See why the new pods do not become available: Get-KubeEvent on the object and its pods, or kubectl describe. Fix the template, or roll back with Undo-KubeRollout.",
            Kube.Client.Operations.RolloutFailure.Paused => "Resume the Deployment first: Update-KubeResource deploy NAME -Patch @{ spec = @{ paused = $false } }.",
            Kube.Client.Operations.RolloutFailure.RevisionNotFound => "Get-KubeRolloutHistory lists the revisions kept.",
            Kube.Client.Operations.RolloutFailure.StrategyNotRollingUpdate => "Use Wait-KubeResource with a condition or a JSONPath for objects that update OnDelete.",
            _ => null,
        };
        return record;
    }

    private static ErrorCategory Category(KubeApiException e)
    {
        if (e.IsNotFound) return ErrorCategory.ObjectNotFound;
        if (e.IsAlreadyExists) return ErrorCategory.ResourceExists;
        if (e.IsConflict) return ErrorCategory.ResourceBusy;
        if (e.IsInvalid) return ErrorCategory.InvalidData;
        if (e.IsForbidden) return ErrorCategory.PermissionDenied;
        if (e.IsUnauthorized) return ErrorCategory.AuthenticationError;
        if (e.IsBadRequest) return ErrorCategory.InvalidArgument;
        if (e.IsMethodNotSupported) return ErrorCategory.InvalidOperation;
        if (e.IsTooManyRequests) return ErrorCategory.LimitsExceeded;
        if (e.IsServerTimeout) return ErrorCategory.OperationTimeout;
        if (e.IsGone) return ErrorCategory.ResourceUnavailable;
        if (e.StatusCode >= 500) return ErrorCategory.ResourceUnavailable;
        return ErrorCategory.NotSpecified;
    }

    private static string DetailedMessage(KubeApiException e)
    {
        var sb = new StringBuilder(e.Message);
        foreach (var cause in e.Causes)
        {
            if (cause.Message is null) continue;
            string line = cause.Field is { Length: > 0 } f ? $"{f}: {cause.Message}" : cause.Message;
            if (e.Message.IndexOf(cause.Message, StringComparison.Ordinal) < 0)
                sb.Append(Environment.NewLine).Append("  ").Append(line);
        }
        return sb.ToString();
    }

    private static string? Advice(KubeApiException e)
    {
        if (e.IsUnauthorized) return "Check the credentials of the context's user (token, certificate or exec plugin).";
        if (e.IsForbidden) return "The user lacks RBAC permission for this request; ask for a role that grants it or use another context.";
        if (e.IsConflict) return "The object changed since it was read: read it again, re-apply the change, and retry.";
        if (e.IsTooManyRequests) return "The server is throttling requests; retry later or lower the request rate.";
        return null;
    }
}

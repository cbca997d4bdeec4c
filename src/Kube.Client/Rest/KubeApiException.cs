using System;
using System.Collections.Generic;
using Kube.Client.Models.MetaV1;

namespace Kube.Client.Rest;

/// <summary>
/// A non-2xx answer from the API server (or an ERROR watch event), carrying the server's
/// <see cref="Status"/>: its code, reason, message and field causes.
/// </summary>
public sealed class KubeApiException : Exception
{
    private static readonly IReadOnlyList<StatusCause> NoCauses = Array.Empty<StatusCause>();

    public KubeApiException(Status status, string? request = null, Exception? inner = null)
        : base(BuildMessage(status, request), inner)
    {
        Status = status ?? throw new ArgumentNullException(nameof(status));
        Request = request;
    }

    /// <summary>The Status the server sent, or one built from the HTTP code when the body was not a Status.</summary>
    public Status Status { get; }

    /// <summary>Verb and path of the failed request, such as "GET /api/v1/namespaces/x/pods/y"; never carries credentials.</summary>
    public string? Request { get; }

    public int StatusCode => Status.Code ?? 0;

    public string Reason => Status.Reason ?? "";

    public IReadOnlyList<StatusCause> Causes => (IReadOnlyList<StatusCause>?)Status.Details?.Causes ?? NoCauses;

    /// <summary>How long the server asked us to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter => Status.Details?.RetryAfterSeconds is int s and > 0 ? TimeSpan.FromSeconds(s) : null;

    public bool IsNotFound => Is(StatusReason.NotFound, 404);
    public bool IsAlreadyExists => Is(StatusReason.AlreadyExists, 409) && Reason == StatusReason.AlreadyExists;
    public bool IsConflict => Reason == StatusReason.Conflict || (StatusCode == 409 && Reason.Length == 0);
    public bool IsInvalid => Is(StatusReason.Invalid, 422);
    public bool IsForbidden => Is(StatusReason.Forbidden, 403);
    public bool IsUnauthorized => Is(StatusReason.Unauthorized, 401);
    public bool IsGone => Is(StatusReason.Gone, 410) || Is(StatusReason.Expired, 410);
    public bool IsTooManyRequests => Is(StatusReason.TooManyRequests, 429);
    public bool IsServerTimeout => Is(StatusReason.ServerTimeout, 504) || Reason == StatusReason.Timeout;
    public bool IsBadRequest => Is(StatusReason.BadRequest, 400);
    public bool IsMethodNotSupported => Is(StatusReason.MethodNotAllowed, 405);
    public bool IsInternalError => Is(StatusReason.InternalError, 500);
    public bool IsServiceUnavailable => Is(StatusReason.ServiceUnavailable, 503);

    /// <summary>
    /// The watch could not start or continue from the requested resourceVersion: relist
    /// (410 Gone, reason Expired or Gone, or the older "too old resource version" message).
    /// </summary>
    public bool IsResourceExpired =>
        IsGone || (Status.Message?.IndexOf("too old resource version", StringComparison.OrdinalIgnoreCase) >= 0);

    private bool Is(string reason, int code) => Reason == reason || (Reason.Length == 0 && StatusCode == code);

    public static bool IsNotFoundError(Exception? e) => e is KubeApiException k && k.IsNotFound;
    public static bool IsAlreadyExistsError(Exception? e) => e is KubeApiException k && k.IsAlreadyExists;
    public static bool IsConflictError(Exception? e) => e is KubeApiException k && k.IsConflict;

    /// <summary>Builds the Status client-go would assume for a response whose body was not a Status.</summary>
    public static Status StatusFromCode(int code, string? body, string? request)
    {
        string reason = StatusReason.FromStatusCode(code);
        string message = string.IsNullOrWhiteSpace(body)
            ? DefaultMessage(code, request)
            : $"the server responded with status {code} ({(reason.Length == 0 ? "unknown" : reason)}): {Truncate(body!.Trim(), 512)}";
        return new Status { Code = code, Reason = reason, Message = message, StatusValue = "Failure" };
    }

    private static string DefaultMessage(int code, string? request) => code switch
    {
        401 => "Unauthorized: the server rejected the credentials",
        403 => "Forbidden",
        404 => "the server could not find the requested resource",
        429 => "the server has received too many requests and has asked us to try again later",
        _ => $"the server responded with status {code}" + (request is null ? "" : " to " + request),
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "…";

    private static string BuildMessage(Status status, string? request)
    {
        string message = status?.Message is { Length: > 0 } m ? m : $"the server responded with status {status?.Code}";
        return message;
    }
}

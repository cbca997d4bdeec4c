namespace Kube.Client.Rest;

/// <summary>The machine-readable reasons a Status carries (metav1.StatusReason).</summary>
public static class StatusReason
{
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string AlreadyExists = "AlreadyExists";
    public const string Conflict = "Conflict";
    public const string Gone = "Gone";
    public const string Invalid = "Invalid";
    public const string ServerTimeout = "ServerTimeout";
    public const string Timeout = "Timeout";
    public const string TooManyRequests = "TooManyRequests";
    public const string BadRequest = "BadRequest";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string NotAcceptable = "NotAcceptable";
    public const string RequestEntityTooLarge = "RequestEntityTooLarge";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string InternalError = "InternalError";
    public const string Expired = "Expired";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string Unknown = "";

    /// <summary>The reason client-go assumes when a non-Status body comes with this code.</summary>
    public static string FromStatusCode(int code) => code switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        409 => Conflict,
        410 => Gone,
        413 => RequestEntityTooLarge,
        415 => UnsupportedMediaType,
        422 => Invalid,
        429 => TooManyRequests,
        500 => InternalError,
        503 => ServiceUnavailable,
        504 => ServerTimeout,
        _ => Unknown,
    };
}

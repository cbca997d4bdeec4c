using System.Management.Automation;
using Kube.Client.Models;

namespace Kube.PowerShell.Objects;

/// <summary>
/// One object a change cmdlet received (from the pipeline or a -Path file) as an Unstructured
/// copy it may change, with where it came from; or, for input that is not an object, the error
/// record to write instead.
/// </summary>
public sealed class ObjectInput
{
    private ObjectInput(Unstructured? obj, string? location, ErrorRecord? error)
    {
        Object = obj;
        Location = location;
        Error = error;
    }

    public Unstructured? Object { get; }

    /// <summary>"app.yaml, document 2 (line 14)", "pipeline input 3"; null when there is nothing to say.</summary>
    public string? Location { get; }

    public ErrorRecord? Error { get; }

    public static ObjectInput For(Unstructured obj, string? location) => new(obj, location, null);

    public static ObjectInput Failed(ErrorRecord error, string? location) => new(null, location, error);
}

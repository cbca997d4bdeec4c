namespace Kube.Client.Apply;

/// <summary>One field an apply could not take because another field manager owns it with another value.</summary>
public sealed class FieldManagerConflict
{
    public FieldManagerConflict(string manager, string field, string message)
    {
        Manager = manager;
        Field = field;
        Message = message;
    }

    /// <summary>The manager that owns the field ("kubectl-client-side-apply", a controller's name...).</summary>
    public string Manager { get; }

    /// <summary>The field path as the server writes it (".spec.replicas", ".data.key").</summary>
    public string Field { get; }

    /// <summary>The server's message for this cause.</summary>
    public string Message { get; }

    public override string ToString() => $"{Field} (owned by \"{Manager}\")";
}

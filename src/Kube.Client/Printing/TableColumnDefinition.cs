using System;

namespace Kube.Client.Printing;

/// <summary>
/// One column of the server's table rendering of a resource (meta.k8s.io/v1 TableColumnDefinition):
/// what <c>kubectl get</c> prints as a header. <see cref="Priority"/> 0 columns are the default
/// ones; higher ones appear only in the wide view (<c>kubectl get -o wide</c>).
/// </summary>
public sealed class TableColumnDefinition : IEquatable<TableColumnDefinition>
{
    public TableColumnDefinition(string name, string type, string? format = null, string? description = null, int priority = 0)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? "";
        Format = format ?? "";
        Description = description ?? "";
        Priority = priority;
    }

    /// <summary>The human name, such as "Ready" or "Nominated Node" (kubectl prints it upper-cased).</summary>
    public string Name { get; }

    /// <summary>An OpenAPI type: string, integer, number, boolean, or date.</summary>
    public string Type { get; }

    /// <summary>An optional OpenAPI format hint; "name" marks the column with the object's name.</summary>
    public string Format { get; }

    public string Description { get; }

    /// <summary>0 for the default columns; higher for columns of the wide view only.</summary>
    public int Priority { get; }

    /// <summary>The header kubectl prints: the name in upper case.</summary>
    public string Header => Name.ToUpperInvariant();

    /// <summary>Equal when the columns print the same (the description does not count).</summary>
    public bool Equals(TableColumnDefinition? other) =>
        other is not null && Name == other.Name && Type == other.Type && Format == other.Format && Priority == other.Priority;

    public override bool Equals(object? obj) => obj is TableColumnDefinition other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = StringComparer.Ordinal.GetHashCode(Name);
            hash = hash * 31 + StringComparer.Ordinal.GetHashCode(Type);
            hash = hash * 31 + StringComparer.Ordinal.GetHashCode(Format);
            return hash * 31 + Priority;
        }
    }

    public override string ToString() => Priority == 0 ? $"{Name} ({Type})" : $"{Name} ({Type}, priority {Priority})";
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace Kube.Client.Printing;

/// <summary>
/// The columns of a server-rendered table, shared by all its rows. Two layouts with the same columns
/// are equal, so a caller can key views or caches on a layout.
/// </summary>
public sealed class TableLayout : IEquatable<TableLayout>
{
    private readonly int _hash;

    public TableLayout(IEnumerable<TableColumnDefinition> columns)
    {
        if (columns is null) throw new ArgumentNullException(nameof(columns));
        Columns = columns.ToArray();
        if (Columns.Any(c => c is null)) throw new ArgumentException("a table column may not be null", nameof(columns));
        unchecked
        {
            _hash = 17;
            foreach (var c in Columns) _hash = _hash * 31 + c.GetHashCode();
        }
    }

    public IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <summary>The index of the column with the object's name (format "name"), or -1.</summary>
    public int NameColumn
    {
        get
        {
            for (int i = 0; i < Columns.Count; i++)
                if (Columns[i].Format == "name") return i;
            return -1;
        }
    }

    public bool Equals(TableLayout? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_hash != other._hash || Columns.Count != other.Columns.Count) return false;
        for (int i = 0; i < Columns.Count; i++)
            if (!Columns[i].Equals(other.Columns[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is TableLayout other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => string.Join(", ", Columns.Select(c => c.Header));
}

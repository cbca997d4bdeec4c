using System;
using System.Runtime.CompilerServices;

namespace Kube.Client.Printing;

/// <summary>
/// The table row the server rendered for an object, kept beside the object rather than in it: the
/// object stays the typed model (or <see cref="Models.Unstructured"/>) it always is, and a row
/// follows it through caches and channels (an informer's store holds the very instance that was
/// decoded). Rows are held weakly: they go when their object goes.
/// </summary>
/// <remarks>Thread-safe. A row describes the object as it was when the server answered; a caller
/// that changes the object changes what the row stands for.</remarks>
public static class TableRows
{
    private static readonly ConditionalWeakTable<object, TableRow> s_rows = new();
    private static readonly object s_gate = new();

    /// <summary>Keeps <paramref name="row"/> as the row of <paramref name="obj"/>, replacing any earlier one.</summary>
    public static void Attach(object obj, TableRow row)
    {
        if (obj is null) throw new ArgumentNullException(nameof(obj));
        if (row is null) throw new ArgumentNullException(nameof(row));
        lock (s_gate)
        {
            s_rows.Remove(obj);
            s_rows.Add(obj, row);
        }
    }

    /// <summary>The row of <paramref name="obj"/>, or null when the server rendered none for it.</summary>
    public static TableRow? Of(object? obj) => obj is not null && s_rows.TryGetValue(obj, out var row) ? row : null;

    /// <summary>Gives <paramref name="to"/> the row of <paramref name="from"/> (a conversion of one object to another form keeps its row).</summary>
    public static void Copy(object from, object to)
    {
        if (Of(from) is { } row && !ReferenceEquals(from, to)) Attach(to, row);
    }
}

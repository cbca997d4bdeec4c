using System;
using System.Collections.Generic;

namespace Kube.Client.Printing;

/// <summary>
/// The server's rendering of one object as a table row (a meta.k8s.io/v1 TableRow): one cell per
/// column of <see cref="Layout"/>, as the server computed it when it answered. Cells are null, a
/// string, a long, a double or a bool. Presentation only: the object itself is what to read.
/// </summary>
public sealed class TableRow
{
    private readonly object?[] _cells;

    public TableRow(TableLayout layout, IReadOnlyList<object?> cells)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        if (cells is null) throw new ArgumentNullException(nameof(cells));
        _cells = new object?[cells.Count];
        for (int i = 0; i < cells.Count; i++) _cells[i] = cells[i];
    }

    public TableLayout Layout { get; }

    public IReadOnlyList<object?> Cells => _cells;

    /// <summary>The cell of column <paramref name="index"/>; null when the row is shorter.</summary>
    public object? this[int index] => index >= 0 && index < _cells.Length ? _cells[index] : null;

    /// <summary>The cell of column <paramref name="index"/> as kubectl prints it (see <see cref="TableCellText"/>).</summary>
    public string Text(int index) => TableCellText.Format(this[index]);
}

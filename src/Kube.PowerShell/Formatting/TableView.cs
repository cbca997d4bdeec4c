using System.Management.Automation;
using Kube.Client.Printing;

namespace Kube.PowerShell.Formatting;

/// <summary>
/// The cells of the views <see cref="TableFormats"/> registers: the server's rendering of an object
/// (<see cref="TableRows"/>), printed as kubectl prints it. AGE is worked out when shown, from the
/// object's creationTimestamp, so an object kept in a variable does not show the age it had when it
/// was read. Never throws: a missing row or cell prints as nothing.
/// </summary>
public static class TableView
{
    public static string Cell(PSObject instance, int index)
    {
        var obj = instance?.BaseObject;
        if (TableRows.Of(obj) is not { } row) return "";
        if (index >= 0 && index < row.Layout.Columns.Count && IsAge(row.Layout.Columns[index]) && ResourceView.CreationTimestamp(instance!) is not null)
            return Duration.Human(ResourceView.Age(instance!));
        return row.Text(index);
    }

    public static string Namespace(PSObject instance) => ResourceView.Namespace(instance) ?? "";

    /// <summary>The column every built-in kind ends with, and the one custom resources get by default.</summary>
    internal static bool IsAge(TableColumnDefinition column) =>
        column.Name == "Age" && column.Type is "string" or "date";
}

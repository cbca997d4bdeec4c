namespace Kube.Client.Labels;

/// <summary>How a <see cref="Requirement"/> compares a label with its values (apimachinery's selection.Operator).</summary>
public enum SelectorOperator
{
    /// <summary><c>key=value</c>: the label is present with that value.</summary>
    Equals,

    /// <summary><c>key==value</c>: the same as <see cref="Equals"/>.</summary>
    DoubleEquals,

    /// <summary><c>key!=value</c>: the label is absent, or present with another value.</summary>
    NotEquals,

    /// <summary><c>key in (a,b)</c>: the label is present with one of the values.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>: the label is absent, or present with none of the values.</summary>
    NotIn,

    /// <summary><c>key</c>: the label is present, whatever its value.</summary>
    Exists,

    /// <summary><c>!key</c>: the label is absent.</summary>
    DoesNotExist,

    /// <summary><c>key&gt;n</c>: the label is present and its value is an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: the label is present and its value is an integer less than n.</summary>
    LessThan,
}

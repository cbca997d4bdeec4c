namespace Kube.Client.Models.Serialization;

/// <summary>
/// A generated model that can swap its strings (and those of the models inside it) for a
/// <see cref="StringPool"/>'s copies, in place. The informer's cache does this to every object it
/// takes in (<c>SharedIndexInformerOptions.ShareStrings</c>); the values do not change.
/// </summary>
internal interface IShareStrings
{
    void ShareStrings(StringPool pool);
}

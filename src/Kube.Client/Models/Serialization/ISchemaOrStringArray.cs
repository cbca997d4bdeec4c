using System.Collections.Generic;

namespace Kube.Client.Models.Serialization;

/// <summary>What <see cref="SchemaOrStringArrayConverter{TUnion, TSchema}"/> needs of a JSONSchemaPropsOrStringArray.</summary>
internal interface ISchemaOrStringArray<TSchema>
    where TSchema : class
{
    TSchema? Schema { get; set; }
    List<string>? Property { get; set; }
}

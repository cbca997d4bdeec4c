using System.Collections.Generic;

namespace Kube.Client.Models.Serialization;

/// <summary>What <see cref="SchemaOrArrayConverter{TUnion, TSchema}"/> needs of a JSONSchemaPropsOrArray.</summary>
internal interface ISchemaOrArray<TSchema>
    where TSchema : class
{
    TSchema? Schema { get; set; }
    List<TSchema>? JSONSchemas { get; set; }
}

namespace Kube.Client.Models.Serialization;

/// <summary>What <see cref="SchemaOrBoolConverter{TUnion, TSchema}"/> needs of a JSONSchemaPropsOrBool.</summary>
internal interface ISchemaOrBool<TSchema>
    where TSchema : class
{
    bool Allows { get; set; }
    TSchema? Schema { get; set; }
}

using System.Collections.Generic;

namespace Kube.Client.Cache;

/// <summary>
/// The values an object is indexed under in one index (client-go's IndexFunc), such as its namespace
/// or the node it runs on. It must depend only on the object, since it is asked again for the old
/// object when one is replaced or removed. An object may have no value, or several.
/// </summary>
public delegate IEnumerable<string> IndexFunc<in T>(T obj);

using System;
using Kube.Generator;

return await GeneratorCommand.RunAsync(args, Console.Out, Console.Error);

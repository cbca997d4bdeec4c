using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Kube.Client.IntegrationTests.Support;

/// <summary>
/// Runs a class's tests in the order of their method names, for classes whose tests share
/// something that ages (a token that must expire before the last test).
/// </summary>
public sealed class AlphabeticalOrderer : ITestCaseOrderer
{
    public const string TypeName = "Kube.Client.IntegrationTests.Support.AlphabeticalOrderer";
    public const string AssemblyName = "Kube.Client.IntegrationTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}

using System.Runtime.CompilerServices;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Tests;

/// <summary>
/// Test assemblies that train are host applications that ask for the process-wide changes the CLI makes, so they
/// train at the CLI's speed. What a library user gets unasked is checked in a child process (tests/EngineHostProbe).
/// </summary>
internal static class RecommendedProcessSettings
{
    [ModuleInitializer]
    internal static void Ask() => TorchRuntime.Configure(TorchProcessSettings.Recommended);
}

using System.Runtime.CompilerServices;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Tests;

/// <summary>
/// Test assemblies that train are host applications that ask for the process-wide changes the CLI makes, so they
/// train at the CLI's speed. The engine's own tests do not ask: they check what a library user gets unasked.
/// </summary>
internal static class RecommendedProcessSettings
{
    [ModuleInitializer]
    internal static void Ask() => TorchRuntime.Configure(TorchProcessSettings.Recommended);
}

using System.Diagnostics;
using Vae.MLNet.Engine;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Training.Tests;

public class ProcessSettingsTests
{
    private static readonly string Probe = Path.Combine(TestPaths.RepoRoot, "tests", "EngineHostProbe", "bin", "Release", "net10.0", "EngineHostProbe.dll");

    [Fact]
    public void AHostProgramThatDidNotAskFindsLibtorchUnpatchedAndItsEnvironmentUnchanged()
    {
        var lines = RunProbe();

        Assert.Equal("none", lines["settings"]);
        Assert.Equal(MklDispatch.NotAsked, lines["kernels"]);
        Assert.NotEqual("False", lines["vendor check intact"]);
        Assert.Equal("(unset)", lines["OMP_WAIT_POLICY"]);
    }

    [Fact]
    public void AHostProgramThatAskedGetsEachChangeAndOneMklsAvx512KernelsOffIntelAfterTheProductCheck()
    {
        var lines = RunProbe("ask");

        Assert.Equal("recommended", lines["settings"]);
        Assert.Equal("PASSIVE", lines["OMP_WAIT_POLICY"]);
        if (OverrideApplies(out string vendor))
        {
            Assert.Equal($"oneMKL's AVX-512 kernels on this {vendor} processor (its vendor check overridden; products checked)", lines["kernels"]);
            Assert.Equal("False", lines["vendor check intact"]);
        }
        else
            Assert.StartsWith("oneMKL's own choice (", lines["kernels"]);
    }

    [Fact]
    public void ThisTestAssemblyAskedAsTheCommandDoes()
    {
        TorchRuntime.EnsureLoaded();

        Assert.Equal(TorchProcessSettings.Recommended, TorchRuntime.Settings);
        Assert.Equal(OverrideApplies(out _), TorchRuntime.MatrixProductKernels.StartsWith("oneMKL's AVX-512 kernels", StringComparison.Ordinal));
    }

    internal static bool OverrideApplies(out string vendor)
    {
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        return vendor != "GenuineIntel" && avx512;
    }

    private static Dictionary<string, string> RunProbe(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet");
        psi.ArgumentList.Add(Probe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("OMP_WAIT_POLICY");
        var result = ChildProcess.Run(psi);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(": ", 2))
            .ToDictionary(f => f[0], f => f[1]);
    }
}

using Vae.MLNet.Engine;

namespace Vae.MLNet.Training.Tests;

// This assembly asks for the recommended settings (tests/Shared/Engine), as the vae command does.
public class ProcessSettingsTests
{
    [Fact]
    public void AHostThatAskedGetsOneMklsAvx512KernelsOnOtherVendorsProcessorsAfterTheProductCheck()
    {
        TorchRuntime.EnsureLoaded();

        Assert.Equal(TorchProcessSettings.Recommended, TorchRuntime.Settings);
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        string expected = vendor != "GenuineIntel" && avx512
            ? $"oneMKL's AVX-512 kernels on this {vendor} processor (its vendor check overridden; products checked)"
            : "oneMKL's own choice (";
        Assert.StartsWith(expected, TorchRuntime.MatrixProductKernels);
    }
}

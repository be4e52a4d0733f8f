using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

public class MatrixProductKernelsTests
{
    [Fact]
    public void TheRunLogNamesTheMatrixProductKernelsAndTheVariableKeepsOneMklsOwnChoice()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var args = new[] { "train", "--preset", "dense", "--latent", "2", "--epochs", "1", "--max-train", "200", "--max-test", "10", "--out", dir };

        var trained = CliRunner.Run(args, new Dictionary<string, string> { ["VAE_MLNET_MKL_DISPATCH"] = "vendor" });

        Assert.True(trained.ExitCode == 0, trained.Stderr);
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains("matrix products: oneMKL's own choice (", log);
        Assert.DoesNotContain("AVX-512 kernels", log);
    }

    [Fact]
    public void VaeAsksForTheOverrideByDefaultAndChecksItsProducts()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var args = new[] { "train", "--preset", "dense", "--latent", "2", "--epochs", "1", "--max-train", "200", "--max-test", "10", "--out", dir };

        var trained = CliRunner.Run(args);

        Assert.True(trained.ExitCode == 0, trained.Stderr);
        var cpu = File.ReadAllLines("/proc/cpuinfo");
        string vendor = cpu.First(l => l.StartsWith("vendor_id", StringComparison.Ordinal)).Split(':')[1].Trim();
        bool avx512 = cpu.First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Contains("avx512f");
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains(
            vendor != "GenuineIntel" && avx512
                ? $"matrix products: oneMKL's AVX-512 kernels on this {vendor} processor (its vendor check overridden; products checked)"
                : "matrix products: oneMKL's own choice (",
            log
        );
    }
}

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
}

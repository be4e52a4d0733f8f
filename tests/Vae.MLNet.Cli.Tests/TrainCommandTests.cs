using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

public class TrainCommandTests
{
    [Fact]
    public void SmallRunEndsWithTestNegativeElboAndARunFolder()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var r = CliRunner.Run("train", "--preset", "dense", "--latent", "2", "--epochs", "1", "--max-train", "400", "--max-test", "50", "--out", dir);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Matches(@"Test negative ELBO: \d+\.\d\d nats/image \(reconstruction \d+\.\d\d, KL \d+\.\d\d; 50 test images\)", r.Stdout);
        Assert.Contains("epoch 1: train", r.Stdout);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint.pt")));
        Assert.True(File.Exists(Path.Combine(dir, "reconstructions.png")));
    }

    [Fact]
    public void ACollapsedRunEndsWithAWarningNamingTheRemedy()
    {
        // β = 50 without free bits drives the KL of every unit to nothing on real images: posterior collapse.
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var r = CliRunner.Run("train", "--preset", "dense", "--latent", "4", "--beta", "50", "--free-bits", "0", "--epochs", "1", "--max-train", "1000", "--max-test", "300", "--out", dir);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Matches(@"Latent units: [01] of 4 active; KL per unit", r.Stdout);
        Assert.Contains("Warning: posterior collapse: only", r.Stderr);
        Assert.Contains("--free-bits", r.Stderr);
        var healthy = CliRunner.Run("train", "--preset", "dense", "--latent", "4", "--epochs", "1", "--max-train", "1000", "--max-test", "300",
            "--out", Path.Combine(TestPaths.NewTempDirectory(), "run"));
        Assert.Contains("Latent units: 4 of 4 active", healthy.Stdout);
        Assert.DoesNotContain("Warning", healthy.Stderr);
    }

    [Fact]
    public void NumbersReadTheSameUnderAGermanLocale()
    {
        // de-DE writes 0,002 and groups thousands with '.': read naively, --lr 0.002 would be 2.
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var german = new Dictionary<string, string> { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0" };
        var r = CliRunner.Run(["train", "--preset", "dense", "--latent", "2", "--lr", "0.002", "--beta", "1.5", "--epochs", "1", "--max-train", "300", "--max-test", "20", "--out", dir], german);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var options = File.ReadAllText(Path.Combine(dir, "options.json"));
        Assert.Contains("\"learningRate\": 0.002,", options);
        Assert.Contains("\"beta\": 1.5,", options);
    }

    [Fact]
    public void AnEmptyOutIsNamedNotDotNetsParameterMessage()
    {
        var r = CliRunner.Run("train", "--out", "");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --out is empty; expected a folder path.", r.Stderr);
        Assert.DoesNotContain("Data:", r.Stdout); // refused before the data is read
        var g = CliRunner.Run("generate", TestPaths.NewTempDirectory(), "--out", "");
        Assert.Equal(2, g.ExitCode);
        Assert.Contains("error: --out is empty; expected a file path.", g.Stderr);
    }

    [Fact]
    public void MissingDataExitsWithBadInputAndNamesThePath()
    {
        var r = CliRunner.Run("train", "--data", "/nonexistent/data", "--out", TestPaths.NewTempDirectory());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: /nonexistent/data: not found", r.Stderr);
    }

    [Fact]
    public void TruncatedIdxFileExitsWithBadInputAndNamesTheFile()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            File.Copy(Path.Combine(TestPaths.FashionMnist, name), Path.Combine(dir, name));
        var images = Path.Combine(dir, "train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..(bytes.Length / 2)]);

        var r = CliRunner.Run("train", "--data", dir, "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {images}:", r.Stderr);
    }

    [Fact]
    public void UnknownPresetListsValidOnes()
    {
        var r = CliRunner.Run("train", "--preset", "resnet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--preset 'resnet' is unknown; valid: conv-leaky, dense, dense-small, conv, conv-pool, conv-deep", r.Stderr);
    }

    [Fact]
    public void CudaOnCpuOnlyBuildExitsWithEngineErrorBeforeLoadingData()
    {
        var r = CliRunner.Run("train", "--device", "cuda", "--data", "/nonexistent/data");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("has no CUDA", r.Stderr);
        Assert.Contains("TorchSharp-cuda-linux", r.Stderr);
        Assert.Contains("(device \"cpu\")", r.Stderr);
    }

    [Fact]
    public void HelpStatesDefaults()
    {
        var r = CliRunner.Run("train", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--preset", r.Stdout);
        Assert.Matches(@"--latent <latent>\s+Latent size d \[default: 10\]", r.Stdout);
        Assert.Contains("[default: /usr/share/datasets/fashion-mnist]", r.Stdout);
    }

    [Fact]
    public void MalformedNumberExitsWithBadInput()
    {
        var r = CliRunner.Run("train", "--latent", "ten");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("ten", r.Stderr);
    }
}

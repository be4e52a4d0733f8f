using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>A small model trained once by the CLI, shared by the scoring-command tests.</summary>
public sealed class TrainedRunFixture
{
    public TrainedRunFixture()
    {
        RunDir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var r = CliRunner.Run("train", "--preset", "conv", "--latent", "3", "--epochs", "1", "--max-train", "600", "--max-test", "50", "--out", RunDir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
    }

    public string RunDir { get; }
}

public class ScoringCommandsTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private static readonly string TestImages = Path.Combine(TestPaths.FashionMnist, "t10k-images-idx3-ubyte.gz");

    [Fact]
    public void EncodeMatchesAnIndependentOnnxRuntimeClient()
    {
        var dir = TestPaths.NewTempDirectory();
        var csv = Path.Combine(dir, "latents.csv");
        var r = CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--out", csv, "--batch-size", "100");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Wrote 10,000 rows (d = 3, mu and log_var)", r.Stdout);

        var nodeOut = Path.Combine(dir, "node.bin");
        RunNode("encode", Path.Combine(run.RunDir, "encoder.onnx"), TestImages, "256", nodeOut);
        var node = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(nodeOut)).ToArray(); // mu [256, 3] then log_var [256, 3]

        var rows = File.ReadLines(csv).Skip(1).Take(256).Select(l => l.Split(',')).ToArray();
        Assert.Equal("9", rows[0][0]); // first Fashion-MNIST test label: ankle boot
        for (int i = 0; i < 256; i++)
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(node[i * 3 + j], float.Parse(rows[i][1 + j], CultureInfo.InvariantCulture), 1e-5f);
            Assert.Equal(node[768 + i * 3 + j], float.Parse(rows[i][4 + j], CultureInfo.InvariantCulture), 1e-5f);
        }
    }

    [Fact]
    public void BinaryAndCsvLatentFilesHoldTheSameValuesAndDecodeToAPng()
    {
        var dir = TestPaths.NewTempDirectory();
        var (csv, bin, png) = (Path.Combine(dir, "z.csv"), Path.Combine(dir, "z.bin"), Path.Combine(dir, "decoded.png"));
        Assert.Equal(0, CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--out", csv).ExitCode);
        Assert.Equal(0, CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--out", bin).ExitCode);
        var fromCsv = Vae.MLNet.Scoring.LatentFileReader.Read(csv);
        var fromBin = Vae.MLNet.Scoring.LatentFileReader.Read(bin);
        Assert.Equal(fromCsv.Labels, fromBin.Labels);
        Assert.Equal(fromCsv.Mu, fromBin.Mu);
        Assert.Equal(fromCsv.LogVar, fromBin.LogVar);

        var r = CliRunner.Run("decode", run.RunDir, bin, "--out", png, "--max", "16", "--columns", "4");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Wrote 16 images (122×122 px)", r.Stdout); // 4 × (28 + 2) + 2
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void GenerateIsReproducibleForASeed()
    {
        var dir = TestPaths.NewTempDirectory();
        var (a, b, c) = (Path.Combine(dir, "a.png"), Path.Combine(dir, "b.png"), Path.Combine(dir, "c.png"));
        Assert.Equal(0, CliRunner.Run("generate", run.RunDir, "--n", "64", "--seed", "1", "--out", a).ExitCode);
        Assert.Equal(0, CliRunner.Run("generate", run.RunDir, "--n", "64", "--seed", "1", "--out", b).ExitCode);
        Assert.Equal(0, CliRunner.Run("generate", run.RunDir, "--n", "64", "--seed", "2", "--out", c).ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
    }

    [Fact]
    public void CudaOnTheCpuOnnxRuntimeExitsTwoNamingThePackage()
    {
        var outDir = TestPaths.NewTempDirectory();
        var r = CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--device", "cuda", "--out", Path.Combine(outDir, "z.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--device cuda", r.Stderr);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(outDir));
    }

    [Fact]
    public void BadModelFoldersAndFilesGiveClearErrors()
    {
        var empty = TestPaths.NewTempDirectory();
        var r = CliRunner.Run("encode", empty, TestPaths.FashionMnist, "--out", Path.Combine(empty, "z.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{Path.Combine(empty, "encoder.onnx")} not found", r.Stderr);
        Assert.Contains("vae export", r.Stderr);

        var corrupt = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(corrupt, "encoder.onnx"), "not a model");
        File.Copy(Path.Combine(run.RunDir, "decoder.onnx"), Path.Combine(corrupt, "decoder.onnx"));
        r = CliRunner.Run("generate", corrupt, "--out", Path.Combine(corrupt, "x.png"));
        Assert.Equal(2, r.ExitCode); // a corrupt model file is bad input, named
        Assert.Contains($"{Path.Combine(corrupt, "encoder.onnx")}: ONNX Runtime cannot load this model", r.Stderr);

        var swapped = TestPaths.NewTempDirectory();
        File.Copy(Path.Combine(run.RunDir, "decoder.onnx"), Path.Combine(swapped, "encoder.onnx"));
        File.Copy(Path.Combine(run.RunDir, "decoder.onnx"), Path.Combine(swapped, "decoder.onnx"));
        r = CliRunner.Run("generate", swapped, "--out", Path.Combine(swapped, "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no encoder output 'mu'", r.Stderr);
        Assert.False(File.Exists(Path.Combine(swapped, "x.png")));
    }

    [Fact]
    public void ServeRefusesWhatItCannotServeBeforeListening()
    {
        var dir = TestPaths.NewTempDirectory();
        var r = CliRunner.Run("serve", Path.Combine(dir, "nothing"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such folder or file", r.Stderr);

        string notModel = Path.Combine(dir, "model.zip");
        File.WriteAllText(notModel, "not a model");
        r = CliRunner.Run("serve", notModel, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{notModel}: ML.NET cannot load this model file", r.Stderr);

        r = CliRunner.Run("serve", run.RunDir, "--mlnet-model", notModel, "--mlnet-pixel-max", "100");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--mlnet-pixel-max must be 1 or 255, got 100", r.Stderr);

        r = CliRunner.Run("serve", run.RunDir, "--port", "5080");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Run 'vae serve --help' for usage.", r.Stderr); // serve's help, not train's
    }

    [Fact]
    public void ServeOnAnAddressInUseSaysSoInOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var r = CliRunner.Run("serve", run.RunDir, "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: --urls http://127.0.0.1:{port}: the address is already in use", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
    }

    [Fact]
    public void CudaWithFallbackToCpuScoresOnTheCpuAndSaysSoOnce()
    {
        var dir = TestPaths.NewTempDirectory();
        string cpu = Path.Combine(dir, "cpu.csv"), fallback = Path.Combine(dir, "fallback.csv");
        Assert.Equal(0, CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--out", cpu).ExitCode);
        var r = CliRunner.Run("encode", run.RunDir, TestPaths.FashionMnist, "--out", fallback, "--device", "cuda:0", "--fallback-to-cpu");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("warning: scoring on the CPU: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider"));
        Assert.Equal(File.ReadAllBytes(cpu), File.ReadAllBytes(fallback));
    }

    [Fact]
    public void ExportRewritesTheFilesOfARunFolder()
    {
        var dir = TestPaths.NewTempDirectory();
        foreach (var f in new[] { "options.json", "checkpoint.pt", "result.json" }) File.Copy(Path.Combine(run.RunDir, f), Path.Combine(dir, f));
        var r = CliRunner.Run("export", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var f in new[] { "encoder.onnx", "decoder.onnx" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.RunDir, f)), File.ReadAllBytes(Path.Combine(dir, f)));
    }

    private static void RunNode(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "tests", "reference", "ort_node_client.js"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"node client failed: {stderr}");
    }
}

using System.Security.Cryptography;
using Vae.MLNet.Data;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// The CLI killed (SIGKILL, through <see cref="FaultPoint"/>) at the most fragile moment of each write:
/// what is at the output path afterwards is whole, a mixed model pair is refused, and what the killed
/// process left beside the output is removed by the next run.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class FaultTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private const int Killed = 137; // 128 + SIGKILL, as the .NET host reports a child killed by a signal
    private static readonly string[] SmallReport = ["--points", "100", "--classifier-images", "300", "--likelihood-images", "50", "--samples", "4"];

    [Fact]
    public void AReportKilledBeforeOrAfterTheSwapLeavesAWholeReportInPlace()
    {
        string dir = TestPaths.NewTempDirectory(), report = Path.Combine(dir, "report"), index = Path.Combine(report, "index.html");
        Assert.Equal(0, Report(report, seed: 0).ExitCode);
        string first = Hash(index);

        Assert.True(Exited(Report(report, seed: 1, FaultPoint.BeforeReportSwap), Killed));
        Assert.Equal(first, Hash(index)); // the previous report, whole
        Assert.True(Exited(Report(report, seed: 1, FaultPoint.AfterReportSwap), Killed));
        Assert.NotEqual(first, Hash(index)); // the new one, whole
        Assert.True(File.Exists(Path.Combine(report, ".vae-report")));
        Assert.Single(Directory.GetDirectories(dir, ".report.report-*")); // the previous report, now beside it: each run removes what killed runs left

        Assert.Equal(0, Report(report, seed: 2).ExitCode);
        Assert.Equal(["report"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExportKilledBetweenItsTwoFilesIsRefusedUntilExportedAgain()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "other");
        var trained = CliRunner.Run("train", "--preset", "dense", "--latent", "3", "--epochs", "1", "--max-train", "300", "--max-test", "20", "--seed", "7", "--out", dir);
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        foreach (var file in new[] { "encoder.onnx", "decoder.onnx" }) File.Copy(Path.Combine(run.RunDir, file), Path.Combine(dir, file), overwrite: true);

        Assert.True(Exited(CliRunner.Run(["export", dir], Fault(FaultPoint.BetweenModelFiles)), Killed));

        foreach (var command in new[] { new[] { "generate", dir, "--out", Path.Combine(dir, "x.png") }, ["encode", dir, TestPaths.FashionMnist, "--out", Path.Combine(dir, "z.csv")] })
        {
            var refused = CliRunner.Run(command);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains($"{dir}/encoder.onnx and {dir}/decoder.onnx come from different exports (vae.export_id ", refused.Stderr);
        }
        Assert.Equal(0, CliRunner.Run("export", dir).ExitCode);
        Assert.Equal(0, CliRunner.Run("generate", dir, "--out", Path.Combine(dir, "x.png")).ExitCode);
    }

    [Fact]
    public void AnEncodeKilledMidFileLeavesNoOutputAndItsTemporaryIsRemovedByTheNextRun()
    {
        string dir = TestPaths.NewTempDirectory(), output = Path.Combine(dir, "z.bin");
        string[] encode = ["encode", run.RunDir, TestPaths.FashionMnist, "--out", output, "--batch-size", "100"];

        Assert.True(Exited(CliRunner.Run(encode, Fault(FaultPoint.DuringLatentFile)), Killed));
        Assert.False(File.Exists(output));
        Assert.Single(Directory.GetFiles(dir, ".z.bin.*.tmp"));

        Assert.Equal(0, CliRunner.Run(encode).ExitCode);
        Assert.Equal(["z.bin"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    private ChildProcess.Result Report(string output, int seed, string? point = null) =>
        CliRunner.Run(["report", run.RunDir, "--out", output, "--seed", seed.ToString(), .. SmallReport], point is null ? null : Fault(point));

    private static Dictionary<string, string> Fault(string point) => new() { ["VAE_FAULT_POINT"] = point };

    private static bool Exited(ChildProcess.Result r, int code) => r.ExitCode == code;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

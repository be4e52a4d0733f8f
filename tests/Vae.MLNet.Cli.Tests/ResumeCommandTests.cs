using System.Diagnostics;
using System.Text.Json;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>Real training processes killed or interrupted mid-epoch, then resumed.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ResumeCommandTests
{
    private static readonly string[] Train =
        ["train", "--preset", "dense", "--latent", "3", "--epochs", "3", "--batch-size", "32", "--max-train", "6000", "--max-test", "200", "--lr-patience", "1",
         "--threads", "2"]; // results depend on the thread count; the default's depends on the machine's load

    [Fact]
    public void SigkillMidEpochThenResumeEndsWithTheUninterruptedFigures()
    {
        var reference = RunToEnd("reference");
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "killed");
        using (var p = Start([.. Train, "--out", dir]))
        {
            WaitForLine(p, "epoch 2/3: ", occurrence: 2); // about half of epoch 2 done
            p.Kill(); // SIGKILL: no chance to save; the epoch-1 checkpoint remains
            p.WaitForExit();
        }
        var r = CliRunner.Run("train", "--resume", dir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("resume from epoch 2, batch 1", r.Stdout);
        Assert.Equal(Figures(reference), Figures(dir));
    }

    [Fact]
    public void SigintSavesACheckpointExitsWith130AndResumesExactly()
    {
        // Four times the data and 10 epochs: what is left after the signal's line (8.75 epochs, about 7 s
        // where dense trains at 30,000 img/s) outlasts starting `kill` on a loaded machine.
        string[] longer = [.. Train.Select((a, i) => a == "6000" ? "24000" : i > 0 && Train[i - 1] == "--epochs" ? "10" : a)];
        var reference = RunToEnd("reference", longer);
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "interrupted");
        using (var p = Start([.. longer, "--out", dir]))
        {
            WaitForLine(p, "epoch 2/10: ", occurrence: 1); // about a quarter of epoch 2 done
            Process.Start("kill", ["-INT", p.Id.ToString()])!.WaitForExit();
            p.WaitForExit();
            Assert.Equal(130, p.ExitCode);
            Assert.Contains($"Interrupted by SIGINT: checkpoint saved. Resume with: vae train --resume {dir}", p.StandardError.ReadToEnd());
        }
        var r = CliRunner.Run("train", "--resume", dir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Matches(@"resume from epoch 2, batch \d+", r.Stdout);
        Assert.Equal(Figures(reference), Figures(dir));
        Assert.Contains("interrupted; checkpoint saved", File.ReadAllText(Path.Combine(dir, "train.log")));
    }

    [Fact]
    public void DivergenceExitsWith4AndSaysWhere()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "nan");
        var r = CliRunner.Run("train", "--preset", "dense", "--epochs", "1", "--max-train", "2000", "--max-test", "10", "--lr", "1e4", "--out", dir);
        Assert.Equal(4, r.ExitCode);
        Assert.Matches(@"error: loss diverged at epoch 1, batch \d+: total NaN", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "encoder.onnx")));
    }

    [Fact]
    public void ARunStoppedBeforeItsFirstCheckpointRestartsInPlaceAndAFinishedRunIsNeverReplacedSilently()
    {
        // A run killed during epoch 1 leaves options.json and train.log, no checkpoint.
        string finished = RunToEnd("finished");
        string killed = Path.Combine(TestPaths.NewTempDirectory(), "killed");
        Directory.CreateDirectory(killed);
        File.Copy(Path.Combine(finished, "options.json"), Path.Combine(killed, "options.json"));
        File.WriteAllText(Path.Combine(killed, "train.log"), "start\n");

        var again = CliRunner.Run([.. Train, "--out", killed]); // the same command again: refused, pointing at --resume
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"continue it with 'vae train --resume {killed}'", again.Stderr);
        var resumed = CliRunner.Run("train", "--resume", killed);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("no epoch had finished (no checkpoint); starting again from epoch 1 with the run's own options", resumed.Stdout);
        Assert.Equal(Figures(finished), Figures(killed)); // the same run as one never interrupted
        Assert.Contains("starting again from epoch 1", File.ReadAllText(Path.Combine(killed, "train.log")));

        // --overwrite replaces a finished run with a new one, and only then.
        var before = File.ReadAllText(Path.Combine(finished, "result.json"));
        var refused = CliRunner.Run([.. Train, "--seed", "5", "--out", finished]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(before, File.ReadAllText(Path.Combine(finished, "result.json")));
        var replaced = CliRunner.Run([.. Train, "--seed", "5", "--out", finished, "--overwrite"]);
        Assert.True(replaced.ExitCode == 0, replaced.Stderr);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(finished, "result.json")));
        Assert.Single(File.ReadAllLines(Path.Combine(finished, "train.log")), l => l.Contains("start:")); // one run's log, not two mixed
    }

    [Fact]
    public void ResumingAFolderWithoutCheckpointSaysSo()
    {
        var r = CliRunner.Run("train", "--resume", TestPaths.NewTempDirectory());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("options.json not found", r.Stderr);
    }

    private static string RunToEnd(string name, string[]? train = null)
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), name);
        var r = CliRunner.Run([.. train ?? Train, "--out", dir]);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        return dir;
    }

    /// <summary>Every loss figure of the run (per epoch and on the test set), not the timings.</summary>
    private static string Figures(string dir)
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json")));
        var epochs = metrics.RootElement.EnumerateArray().Select(e =>
            $"{e.GetProperty("train")}|{e.GetProperty("validation")}|{e.GetProperty("learningRate")}");
        return string.Join("\n", epochs) + "\n" + result.RootElement.GetProperty("test");
    }

    [Fact]
    public void ASecondProcessCannotTrainInAFolderAnotherIsTraining()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "busy");
        using var first = Start([.. Train, "--out", dir]);
        try
        {
            WaitForLine(first, "epoch 1/3: ", occurrence: 1);
            var second = CliRunner.Run("train", "--resume", dir);
            Assert.Equal(2, second.ExitCode);
            Assert.Contains($"run folder '{dir}' is being trained by another process (process {first.Id})", second.Stderr);
            var overwrite = CliRunner.Run([.. Train, "--out", dir, "--overwrite"]);
            Assert.Equal(2, overwrite.ExitCode); // --overwrite never deletes a run in training
            Assert.True(File.Exists(Path.Combine(dir, "options.json")));
            Assert.Equal(1, File.ReadAllText(Path.Combine(dir, "train.log")).Split("start:").Length - 1); // the second wrote nothing
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
        var resumed = CliRunner.Run("train", "--resume", dir); // the kernel released the killed process's lock
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
    }

    // Through coreutils' env --default-signal=INT: a suite started as a background job of a non-interactive
    // shell inherits SIGINT ignored, and a process that starts with SIGINT ignored keeps ignoring it, as it
    // should (the run then ended normally, exit 0, instead of 130).
    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vae.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static void WaitForLine(Process p, string prefix, int occurrence)
    {
        for (string? line; (line = p.StandardOutput.ReadLine()) != null;)
            if (line.StartsWith(prefix, StringComparison.Ordinal) && --occurrence == 0) return;
        Assert.Fail($"the training process ended before printing '{prefix}': {p.StandardError.ReadToEnd()}");
    }
}

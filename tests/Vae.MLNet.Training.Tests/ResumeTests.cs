using Vae.MLNet.Models;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

public class ResumeTests
{
    private static TrainingOptions Options(int seed = 2) => new()
    {
        Preset = Presets.Dense, LatentSize = 3, Epochs = 3, BatchSize = 64, MaxTrainImages = 1500, MaxTestImages = 200, Seed = seed,
        Data = TestPaths.FashionMnist, LrPatience = 1, KlWarmupEpochs = 1,
    };

    [Fact]
    public void SameSeedGivesBitIdenticalMetrics()
    {
        var a = TrainingJob.Run(Options(), Path.Combine(TestPaths.NewTempDirectory(), "a"));
        var b = TrainingJob.Run(Options(), Path.Combine(TestPaths.NewTempDirectory(), "b"));
        var c = TrainingJob.Run(Options(seed: 3), Path.Combine(TestPaths.NewTempDirectory(), "c"));

        Assert.Equal(Losses(a), Losses(b));
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(Losses(a), Losses(c));
    }

    [Fact]
    public void RunInterruptedTwiceMidEpochEndsAsTheUninterruptedRun()
    {
        var reference = TrainingJob.Run(Options(), Path.Combine(TestPaths.NewTempDirectory(), "reference"));
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "interrupted");

        var first = new CancelAt(epoch: 1, batch: 7);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Run(Options(), dir, first, first.Token));
        var second = new CancelAt(epoch: 2, batch: 15);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Resume(dir, second, second.Token));
        var resumed = TrainingJob.Resume(dir);

        Assert.Equal(Losses(reference), Losses(resumed));
        Assert.Equal(reference.Test, resumed.Test);
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains("resume from epoch 1, batch 8", log);
        Assert.Contains("resume from epoch 2, batch 16", log);
        Assert.Contains("interrupted; checkpoint saved. Resume with: vae train --resume", log);
    }

    [Fact]
    public void EarlyStopRestoresTheBestEpochsWeights()
    {
        // A learning rate so high that validation stops improving after the first epochs.
        var options = Options() with { Epochs = 12, LearningRate = 0.05, EarlyStoppingPatience = 1, LrPatience = 0, KlWarmupEpochs = 0 };
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "early");
        var result = TrainingJob.Run(options, dir);

        Assert.True(result.Epochs.Count < 12, "stopped early");
        var best = result.Epochs.MinBy(e => e.Validation!.Value.Total)!;
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains($"early stop after epoch {result.Epochs.Count}: best validation loss at epoch {best.Epoch}", log);
        Assert.Contains($"restored the weights of the best epoch {best.Epoch}", log);
        Assert.True(File.Exists(Path.Combine(dir, "best.pt")));
    }

    [Fact]
    public void DivergenceStopsAtOnceNamingTheBatch()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "nan");
        var e = Assert.Throws<TrainingDivergedException>(() => TrainingJob.Run(Options() with { LearningRate = 1e4, LrPatience = 0, KlWarmupEpochs = 0 }, dir));
        Assert.Equal(1, e.Epoch);
        Assert.Matches(@"^loss diverged at epoch 1, batch \d+: total NaN", e.Message);
        Assert.Contains("No epoch had finished", e.Message);
        Assert.Contains("stopped: loss diverged", File.ReadAllText(Path.Combine(dir, "train.log")));
    }

    private static double[] Losses(TrainingResult r) => r.Epochs.SelectMany(e => new[]
    {
        e.Train.Total, e.Train.Reconstruction, e.Train.Kl, e.Validation!.Value.Total, e.Validation.Value.Kl, e.LearningRate,
    }).ToArray();

    /// <summary>Cancels the job's token once it has done a given batch, as Ctrl-C would.</summary>
    private sealed class CancelAt(int epoch, int batch) : ITrainingObserver
    {
        private readonly CancellationTokenSource _source = new();
        public CancellationToken Token => _source.Token;
        public void OnData(int train, int validation, int test) { }
        public void OnEpoch(EpochMetrics metrics) { }
        public void OnBatch(BatchProgress p)
        {
            if (p.Epoch == epoch && p.Batch == batch) _source.Cancel();
        }
    }
}

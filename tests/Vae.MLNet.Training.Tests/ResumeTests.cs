using Vae.MLNet.Runs;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

public class ResumeTests
{
    private static readonly DatasetOptions Data = new() { Path = TestPaths.FashionMnist, MaxTrainImages = 1500, MaxTestImages = 200 };

    private static TrainingOptions Options(int seed = 2) => new()
    {
        Preset = Presets.Dense, LatentSize = 3, Epochs = 3, BatchSize = 64, Seed = seed, LrPatience = 1, KlWarmupEpochs = 1,
        Threads = 2, // results depend on the thread count; the default's depends on the machine's load
    };

    [Fact]
    public void SameSeedGivesBitIdenticalMetrics()
    {
        var a = TrainingJob.Run(Options(), Data, Path.Combine(TestPaths.NewTempDirectory(), "a"));
        var b = TrainingJob.Run(Options(), Data, Path.Combine(TestPaths.NewTempDirectory(), "b"));
        var c = TrainingJob.Run(Options(seed: 3), Data, Path.Combine(TestPaths.NewTempDirectory(), "c"));

        Assert.Equal(Losses(a), Losses(b));
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(Losses(a), Losses(c));
    }

    // The collapse guards: a cosine rate set at every step, and free bits, resumed mid-epoch.
    private static TrainingOptions Guarded() => Options() with
    {
        LrPatience = 0, Schedule = LearningRateSchedule.Cosine, FreeBits = 0.5, MinLearningRate = 1e-4,
    };

    [Fact]
    public void RunInterruptedTwiceMidEpochEndsAsTheUninterruptedRun() => AssertResumeIsExact(Options());

    [Fact]
    public void CosineAndFreeBitsRunResumesBitForBit()
    {
        var result = AssertResumeIsExact(Guarded());
        // The last epoch's recorded rate is the schedule's at the run's last step.
        int steps = 3 * ((result.TrainImages + 63) / 64);
        Assert.Equal(LearningRateSchedules.At(LearningRateSchedule.Cosine, Guarded().LearningRate, 1e-4, steps - 1, steps), result.Epochs[^1].LearningRate, 15);
        Assert.True(result.Epochs[^1].LearningRate < 2e-4, $"the rate decays to the floor: {result.Epochs[^1].LearningRate}");
    }

    private static TrainingResult AssertResumeIsExact(TrainingOptions options)
    {
        var reference = TrainingJob.Run(options, Data, Path.Combine(TestPaths.NewTempDirectory(), "reference"));
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "interrupted");

        var first = new CancelAt(epoch: 1, batch: 7);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Run(options, Data, dir, first, first.Token));
        var second = new CancelAt(epoch: 2, batch: 15);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Resume(dir, second, second.Token));
        var resumed = TrainingJob.Resume(dir);

        Assert.Equal(Losses(reference), Losses(resumed));
        Assert.Equal(reference.Test, resumed.Test);
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains("resume from epoch 1, batch 8", log);
        Assert.Contains("resume from epoch 2, batch 16", log);
        Assert.Contains("interrupted; checkpoint saved; the run can be resumed from", log);
        return resumed;
    }

    [Fact]
    public void ADefaultRunRecordsItsThreadCountAndResumesWithIt()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "default-threads");
        var stop = new CancelAt(epoch: 1, batch: 3);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Run(Options() with { Threads = 0, Epochs = 1 }, Data, dir, stop, stop.Token));
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        var match = System.Text.RegularExpressions.Regex.Match(log, @"seed 2, (\d+) threads \(default: the \d+ cores available to the process\)");
        Assert.True(match.Success, log);
        int recorded = int.Parse(match.Groups[1].Value);

        TorchRuntime.SetThreads(recorded == 1 ? 2 : 1); // the process now runs another count
        TrainingJob.Resume(dir);

        Assert.Equal(recorded, TorchRuntime.Threads);
        Assert.Contains($"resume from epoch 1, batch 4 (learning rate 0.002, {recorded} threads)", File.ReadAllText(Path.Combine(dir, "train.log")));
    }

    [Fact]
    public void ARunExtendedOnResumeEndsAsARunTrainedForThoseEpochsFromTheStart()
    {
        var reference = TrainingJob.Run(Options(), Data, Path.Combine(TestPaths.NewTempDirectory(), "three"));
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "two-then-three");
        TrainingJob.Run(Options() with { Epochs = 2 }, Data, dir);

        var extended = TrainingJob.Resume(dir, changes: new ResumeOptions { Epochs = 3 });

        Assert.Equal(Losses(reference), Losses(extended));
        Assert.Equal(reference.Test, extended.Test);
        Assert.Equal(3, new RunFolder(dir).ReadOptions().Epochs);
        Assert.Contains("resume: epochs 2 → 3 (ResumeOptions.Epochs)", File.ReadAllText(Path.Combine(dir, "train.log")));
    }

    [Fact]
    public void AResumeRefusesAnEditedOptionsFileFewerEpochsThanDoneAndADamagedCheckpointChangingNothing()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "edited");
        var stop = new CancelAt(epoch: 2, batch: 5);
        Assert.Throws<OperationCanceledException>(() => TrainingJob.Run(Options(), Data, dir, stop, stop.Token));
        string options = Path.Combine(dir, "options.json"), checkpoint = Path.Combine(dir, "checkpoint.pt");
        var before = Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllBytes);
        string original = File.ReadAllText(options);

        File.WriteAllText(options, original.Replace("\"beta\": 1,", "\"beta\": 5,").Replace("\"freeBits\": 0.5", "\"freeBits\": 3"));
        var edited = Assert.Throws<InvalidDataException>(() => TrainingJob.Resume(dir));
        Assert.Equal(
            $"{options}: differs from the options the run's checkpoint was trained with ('beta' is 5 here but 1 in the checkpoint; "
                + "'freeBits' is 3 here but 0.5 in the checkpoint). A run keeps its options: restore them, or start a new run with the "
                + "new ones. Only ResumeOptions.Epochs can change on resume.",
            edited.Message);
        File.WriteAllText(options, original);

        var fewer = Assert.Throws<ArgumentException>(() => TrainingJob.Resume(dir, changes: new ResumeOptions { Epochs = 1 }));
        Assert.StartsWith("ResumeOptions.Epochs is 1, but the run has finished 1 epoch and is in epoch 2: give at least 2.", fewer.Message);

        var bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(checkpoint, bytes);
        var damaged = Assert.Throws<TorchEngineException>(() => TrainingJob.Resume(dir));
        Assert.Equal($"checkpoint '{checkpoint}' is damaged: its contents do not match the SHA-256 checksum written with them "
            + "(the file was changed or cut short after it was written)", damaged.Message);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(checkpoint, bytes);

        foreach (var (file, content) in before)
            if (Path.GetFileName(file) != "train.log")
                Assert.Equal(content, File.ReadAllBytes(file));
        Assert.Equal(3, TrainingJob.Resume(dir).Epochs.Count); // the run itself is intact: it finishes its 3 epochs
    }

    [Fact]
    public void AFileTheRunCannotWriteStopsItAndTheLogSaysWhy()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "unwritable");
        var blocker = new BlockMetricsAt(dir, epoch: 1, batch: 3); // metrics.csv becomes a folder, as a full disk fails a write

        var e = Assert.ThrowsAny<IOException>(() => TrainingJob.Run(Options(), Data, dir, blocker));

        string log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains($"stopped: {e.Message}; the last checkpoint is kept, and the run can be resumed once the cause is fixed", log);
        Directory.Delete(Path.Combine(dir, "metrics.csv"));
        Assert.Equal(3, TrainingJob.Resume(dir).Epochs.Count); // fixed, it resumes and finishes
    }

    private sealed class BlockMetricsAt(string dir, int epoch, int batch) : ITrainingObserver
    {
        public void OnBatch(BatchProgress p)
        {
            if (p.Epoch == epoch && p.Batch == batch)
                Directory.CreateDirectory(Path.Combine(dir, "metrics.csv"));
        }
    }

    [Fact]
    public void EarlyStopRestoresTheBestEpochsWeights()
    {
        // min_delta so large that no epoch after the first counts as an improvement: stop after epoch 2, best epoch 1.
        var options = Options() with { Epochs = 12, EarlyStoppingPatience = 1, MinDelta = 1e6, LrPatience = 0, KlWarmupEpochs = 0 };
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "early");
        var result = TrainingJob.Run(options, Data, dir);

        Assert.Equal(2, result.Epochs.Count);
        var log = File.ReadAllText(Path.Combine(dir, "train.log"));
        Assert.Contains("early stop after epoch 2: best validation loss at epoch 1", log);
        Assert.Contains("restored the weights of the best epoch 1", log);

        // The restored weights are epoch 1's: the exported encoder equals one exported from best.pt.
        using var best = TorchVaeModel.Create(options.Architecture(ImageShape.Mnist));
        best.Load(Path.Combine(dir, "best.pt"));
        using var final = TorchVaeModel.Create(options.Architecture(ImageShape.Mnist));
        final.Load(Path.Combine(dir, "checkpoint.pt")); // end of epoch 2
        var image = Vae.MLNet.Data.DatasetLoader.Load(TestPaths.FashionMnist, Vae.MLNet.Data.DataSplit.Test, 1).Pixels;
        var (muBest, muFinal, muExported) = (new float[3], new float[3], new float[3]);
        best.Encode(image, muBest, []);
        final.Encode(image, muFinal, []);
        using var onnx = Vae.MLNet.Scoring.OnnxVaeModel.Open(dir);
        onnx.Encode(image, muExported);
        Assert.NotEqual(muFinal, muBest);
        for (int i = 0; i < 3; i++) Assert.Equal(muBest[i], muExported[i], 1e-4f);
    }

    [Fact]
    public void DivergenceStopsAtOnceNamingTheBatch()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "nan");
        var e = Assert.Throws<TrainingDivergedException>(() => TrainingJob.Run(Options() with { LearningRate = 1e4, LrPatience = 0, KlWarmupEpochs = 0 }, Data, dir));
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

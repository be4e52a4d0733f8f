using Vae.MLNet.Runs;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

public class TrainerTests
{
    [Theory]
    [InlineData(Presets.Dense, 3000, 3)]
    [InlineData(Presets.Conv, 1500, 2)]
    public void TrainingOnARealSliceLowersValidationLoss(string preset, int images, int epochs)
    {
        var options = new TrainingOptions { Preset = preset, LatentSize = 4, Epochs = epochs, Seed = 3 };
        var data = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, images);
        var (train, validation) = ValidationSplit.Split(data, 0.2, options.Seed);
        using var model = TorchVaeModel.Create(options.Architecture(ImageShape.Mnist), seed: 3);
        var trainer = new VaeTrainer(model, options);
        var before = trainer.Evaluate(validation);

        var events = new Recorder();
        var history = trainer.Fit(train, validation, events);
        var batches = events.Batches;

        Assert.Equal(epochs, history.Count);
        int batch = options.BatchSizeFor(train.Count); // automatic: 32 on these slices (fewer than 200 steps of 128)
        Assert.Equal(32, batch);
        Assert.Equal((train.Count + batch - 1) / batch * epochs, batches.Count);
        var after = history[^1].Validation!.Value;
        Assert.True(after.Total < before.Total - 50, $"validation loss {before.Total:F1} → {after.Total:F1}");
        Assert.True(history[^1].Validation!.Value.Total < history[0].Validation!.Value.Total);
        Assert.Equal(after.Reconstruction + after.Kl, after.Total, tolerance: 1e-6);
        Assert.True(after.Kl > 0);
    }

    [Fact]
    public void TheDefaultEpochsAreChosenFromTheTrainingSetsSize()
    {
        var options = new TrainingOptions { Preset = Presets.DenseSmall, LatentSize = 2, Seed = 1 };
        var data = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 250);
        var (train, validation) = ValidationSplit.Split(data, 0.2, options.Seed);
        using var model = TorchVaeModel.Create(options.Architecture(ImageShape.Mnist), seed: 1);
        var events = new Recorder();

        var history = new VaeTrainer(model, options).Fit(train, validation, events);

        // 200 images make 7 steps of 32 per epoch: 3,500 steps would take 500 epochs, so the cap of 100 applies.
        Assert.Equal(TrainingOptions.LargestAutomaticEpochs, history.Count);
        Assert.Equal(100 * 7, events.Batches.Count);
        Assert.Equal(Enumerable.Range(1, 100), history.Select(m => m.Epoch));
    }

    [Fact]
    public void SplitIsSeededDisjointAndComplete()
    {
        var data = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 200);
        var (train, validation) = ValidationSplit.Split(data, 0.1, seed: 4);
        var (train2, validation2) = ValidationSplit.Split(data, 0.1, seed: 4);
        var (_, validation3) = ValidationSplit.Split(data, 0.1, seed: 5);

        Assert.Equal((180, 20), (train.Count, validation.Count));
        Assert.Equal(validation.Pixels, validation2.Pixels);
        Assert.Equal(train.Labels, train2.Labels);
        Assert.NotEqual(validation.Pixels, validation3.Pixels);
        var all = Enumerable.Range(0, 200).Select(i => data.Image(i).ToArray()).ToList();
        int Find(float[] image) => all.FindIndex(a => a.AsSpan().SequenceEqual(image));
        var trainRows = Enumerable.Range(0, train.Count).Select(i => Find(train.Image(i).ToArray())).ToHashSet();
        var valRows = Enumerable.Range(0, validation.Count).Select(i => Find(validation.Image(i).ToArray())).ToHashSet();
        Assert.Empty(trainRows.Intersect(valRows));
    }

    [Theory]
    [InlineData("Preset", "resnet", "TrainingOptions.Preset 'resnet' is unknown")]
    [InlineData("LatentSize", 0, "TrainingOptions.LatentSize must be in [1, 4096], got 0")]
    [InlineData("LatentSize", 100_000_000, "TrainingOptions.LatentSize must be in [1, 4096], got 100000000")]
    [InlineData("Epochs", -1, "TrainingOptions.Epochs must be in [1, 100000], or 0 for automatic; got -1")]
    [InlineData("ValidationFraction", 0.9, "TrainingOptions.ValidationFraction must be in [0, 0.5]")]
    [InlineData("Optimizer", (OptimizerKind)7, "TrainingOptions.Optimizer must be adam or adamax, got 7")]
    public void InvalidOptionsNameTheOption(string property, object value, string expected)
    {
        var options = new TrainingOptions();
        typeof(TrainingOptions).GetProperty(property)!.SetValue(options, value);
        var e = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(expected, e.Message);
    }

    private sealed class Recorder : ITrainingObserver
    {
        public List<BatchProgress> Batches { get; } = [];
        public void OnBatch(BatchProgress progress) => Batches.Add(progress);
    }
}

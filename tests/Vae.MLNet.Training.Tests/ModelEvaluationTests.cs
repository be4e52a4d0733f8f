using Vae.MLNet.Runs;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Tests;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

[Trait(TestCategories.Name, TestCategories.Slow)]
public class ModelEvaluationTests
{
    [Fact]
    public void ImportanceWeightedBoundIsBelowTheNegativeElboAndTightensWithK()
    {
        var options = new TrainingOptions { Preset = Presets.Dense, LatentSize = 4, Epochs = 3, Seed = 5 };
        var train = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 3000);
        var test = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 300);
        using var model = TorchVaeModel.Create(options.Architecture(ImageShape.Mnist), seed: 5);
        var trainer = new VaeTrainer(model, options);
        trainer.Fit(train, test.Take(0));
        double negativeElbo = trainer.Evaluate(test).Total;

        double k1 = ModelEvaluation.ImportanceWeightedBound(model, test, 1);
        double k8 = ModelEvaluation.ImportanceWeightedBound(model, test, 8);
        double k64 = ModelEvaluation.ImportanceWeightedBound(model, test, 64);

        Assert.True(Math.Abs(k1 - negativeElbo) < 2, $"k = 1 estimates the negative ELBO: {k1:F2} vs {negativeElbo:F2}");
        Assert.True(k64 < k8 && k8 < k1, $"tightens with k: {k1:F2}, {k8:F2}, {k64:F2}");
        Assert.True(k64 < negativeElbo, $"bound {k64:F2} ≤ −ELBO {negativeElbo:F2}");
        Assert.InRange(negativeElbo - k64, 0.1, 30); // a gap of a few nats, not an artefact
    }

    [Fact]
    public void TheBoundNeedsAVaeWithABernoulliDecoder()
    {
        using var ae = TorchVaeModel.Create(Presets.Create(Presets.Dense, ModelKind.Autoencoder, 2));
        var images = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 2).Pixels;
        Assert.Contains("needs a VAE", Assert.Throws<TorchEngineException>(() => ae.ImportanceWeightedBoundSum(images, 4)).Message);
        using var vae = TorchVaeModel.Create(Presets.Create(Presets.Dense, ModelKind.Variational, 2));
        Assert.Contains("k must be at least 1", Assert.Throws<TorchEngineException>(() => vae.ImportanceWeightedBoundSum(images, 0)).Message);
    }
}

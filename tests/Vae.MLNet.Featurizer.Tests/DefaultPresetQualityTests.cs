using Vae.MLNet.Runs;
using Microsoft.ML;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>What the product exists for: the default VAE's latent means beat ML.NET's PCA with as many components.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class DefaultPresetQualityTests
{
    [Fact]
    public void TheDefaultModelsLatentsBeatPcaOnAnEightThousandImageSlice()
    {
        // `vae train`'s defaults (conv-leaky, d = 10, free bits, automatic batch size) on the first 8,000
        // Fashion-MNIST images for 3 epochs; one thread, so the figures are the same on every run.
        string folder = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var options = new TrainingOptions { Epochs = 3, Threads = 1 };
        var result = TrainingJob.Run(options, new DatasetOptions { Path = TestPaths.FashionMnist, MaxTrainImages = 8000 }, folder);
        Assert.False(result.LatentUnits!.Collapsed);
        Assert.Equal(10, result.LatentUnits.ActiveCount);

        var ml = new MLContext(seed: 0);
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Train), 8000);
        var test = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 5000);
        var featurizer = ml.Transforms.VaeFeaturizer(folder).Fit(train);
        var b = ml.MulticlassClassification.EvaluateAgainstBaselines(featurizer.Transform(train), featurizer.Transform(test), silhouetteRows: 1000);

        string figures = string.Join("; ", b.All.Select(f => $"{f.Name} {f.LogisticAccuracy:F4} / {f.KnnAccuracy:F4}"));
        Assert.True(b.LatentBeatsPca, figures);
        Assert.True(b.Latent.Silhouette > b.Pca.Silhouette, figures + $"; silhouettes {b.Latent.Silhouette:F4} vs {b.Pca.Silhouette:F4}");
    }
}

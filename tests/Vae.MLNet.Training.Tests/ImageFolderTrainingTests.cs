using System.Text.Json;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Training.Tests;

/// <summary>A team's own images, one folder per class, through a whole run: train, test, export, score.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ImageFolderTrainingTests
{
    [Fact]
    public void AFolderOfColourImagesOfAnotherSizeTrainsExportsAndScoresAtItsShape()
    {
        var shape = new ImageShape(3, 36, 52);
        var (root, _) = ImageFolders.Write(shape, perClass: 20);
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var options = new TrainingOptions { LatentSize = 4, Epochs = 2, BatchSize = 16 };

        var loading = new LoadingRecorder();
        var result = TrainingJob.Run(options, new DatasetOptions { Path = root }, dir, loading);

        // The decoding was reported as it went, ending at each split's count.
        Assert.Equal((Vae.MLNet.Data.DataSplit.Train, 48, 48), loading.Reports.Last(r => r.Split == Vae.MLNet.Data.DataSplit.Train));
        Assert.Equal((Vae.MLNet.Data.DataSplit.Test, 12, 12), loading.Reports[^1]);
        Assert.Equal(loading.Reports.Select(r => r.Decoded).Take(2), [46, 48]); // the training set, then its validation images
        Assert.Equal((46, 2, 12), (result.TrainImages, result.ValidationImages, result.TestImages)); // 16 + 4 per class, 5% validation
        Assert.True(double.IsFinite(result.Test.Total) && result.Test.Total > 0, $"test −ELBO {result.Test.Total}");
        var run = RunFolder.Open(dir);
        Assert.Equal(shape, run.ReadImageShape());
        Assert.Contains("input 3 36 52", File.ReadAllText(run.File(RunFolder.SpecFile)));
        using var options_json = JsonDocument.Parse(File.ReadAllText(run.File(RunFolder.OptionsFile)));
        Assert.Equal(52, options_json.RootElement.GetProperty("imageShape").GetProperty("width").GetInt32());
        using var model = OnnxVaeModel.Open(dir);
        Assert.Equal(shape, model.Shape);
        var images = SeededModels.RealImages(2, shape);
        var (mu, decoded) = (new float[2 * 4], new float[2 * shape.Size]);
        model.Encode(images, mu);
        model.Decode(mu, decoded);
        Assert.All(decoded, v => Assert.InRange(v, 0f, 1f));
        var png = File.ReadAllBytes(run.File(RunFolder.ReconstructionsFile));
        Assert.Equal(2, png[25]); // IHDR colour type 2: the reconstructions are drawn in colour
    }

    private sealed class LoadingRecorder : ITrainingObserver
    {
        public List<(Vae.MLNet.Data.DataSplit Split, int Decoded, int Total)> Reports { get; } = [];

        public void OnLoading(Vae.MLNet.Data.DataSplit split, int decoded, int total) => Reports.Add((split, decoded, total));
    }
}

using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Runs.Tests;

public class RunFolderOptionsTests
{
    [Fact]
    public void HyperparametersAndDatasetRoundTripThroughOneOptionsFile()
    {
        var run = new RunFolder(Path.Combine(TestPaths.NewTempDirectory(), "run"));
        var options = new TrainingOptions { Preset = Presets.Dense, LatentSize = 3, Beta = 2.5, Optimizer = OptimizerKind.Adamax, Seed = 7 };
        var dataset = new DatasetOptions { Path = "/data/sign-mnist/sign_mnist_train.csv", MaxTrainImages = 500, MaxTestImages = 50 };

        run.WriteOptions(options, dataset, ImageShape.Mnist);

        Assert.Equal(options, run.ReadOptions());
        Assert.Equal(dataset, run.ReadDataset());
        string json = File.ReadAllText(run.File(RunFolder.OptionsFile));
        Assert.Contains("\"data\": \"/data/sign-mnist/sign_mnist_train.csv\"", json); // the field name of every earlier run folder
        Assert.Contains("\"optimizer\": \"adamax\"", json);
    }

    [Fact]
    public void AnOptionsFileWrittenBeforeTheSplitStillReadsAsBoth()
    {
        var run = new RunFolder(Path.Combine(TestPaths.NewTempDirectory(), "run"));
        File.WriteAllText(
            run.File(RunFolder.OptionsFile),
            """{ "preset": "dense", "kind": "variational", "latentSize": 2, "optimizer": "adam", "data": "/usr/share/datasets/fashion-mnist", "maxTrainImages": 600, "maxTestImages": null }"""
        );

        Assert.Equal(2, run.ReadOptions().LatentSize);
        Assert.Equal(new DatasetOptions { Path = "/usr/share/datasets/fashion-mnist", MaxTrainImages = 600 }, run.ReadDataset());
    }

    [Fact]
    public void DatasetSettingsOutOfRangeNameTheirPropertyOrTheFileAndField()
    {
        var e = Assert.Throws<ArgumentException>(() => new DatasetOptions { MaxTrainImages = 1 }.Validate());
        Assert.Equal("DatasetOptions.MaxTrainImages must be ≥ 2, got 1.", e.Message);

        var run = new RunFolder(Path.Combine(TestPaths.NewTempDirectory(), "run"));
        File.WriteAllText(run.File(RunFolder.OptionsFile), """{ "data": "/x", "maxTestImages": 0 }""");
        var fromFile = Assert.Throws<ArgumentException>(() => run.ReadDataset());
        Assert.Equal(
            $"{run.File(RunFolder.OptionsFile)}: field 'maxTestImages' must be ≥ 1, got 0 (options.json is written when a run starts; restore the field).",
            fromFile.Message
        );
    }
}

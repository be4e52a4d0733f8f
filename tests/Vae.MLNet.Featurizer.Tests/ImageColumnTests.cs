using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>The featurizer on an image column (MLImage, from LoadImages), for colour images of another size.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ImageColumnTests
{
    private static readonly ImageShape Shape = new(3, 36, 52);

    [Fact]
    public void AnImageColumnIsFeaturizedAsItsPixelsAreAndTheSavedPipelineRunsInASecondProcess()
    {
        var (root, _) = ImageFolders.Write(Shape, perClass: 4);
        using var engine = TorchVaeModel.Create(Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 4, Shape), seed: 3);
        string folder = ExportedModels.WriteFolder(engine);
        var ml = new MLContext(seed: 0);

        var data = ml.Data.LoadFromImageFolder(root);
        var featurized = ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder }).Fit(data).Transform(data);
        var rows = ml.Data.CreateEnumerable<Row>(featurized, reuseRowObject: false).ToList();

        var pixels = DatasetLoader.Load(new DatasetOptions { Path = root }, DataSplit.Train);
        using var onnx = OnnxVaeModel.Open(folder);
        var mu = new float[pixels.Count * 4];
        onnx.Encode(pixels.Pixels, mu);
        Assert.Equal(pixels.Count, rows.Count);
        Assert.Equal(ImageFolders.Classes[0], rows[0].Label);
        AssertClose(mu, rows.SelectMany(r => r.Latent).ToArray());

        string model = Path.Combine(TestPaths.NewTempDirectory(), "model.zip");
        var paths = ml.Data.LoadFromEnumerable(rows.Select(r => new ImageFolderRow { Label = r.Label, ImagePath = r.ImagePath }).ToList());
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, nameof(ImageFolderRow.ImagePath))
            .Append(ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder }));
        ml.Model.Save(pipeline.Fit(paths), paths.Schema, model);
        Assert.Equal(rows.SelectMany(r => r.Latent), RunProbe(model, rows.Select(r => r.ImagePath)));
    }

    // README, "Your own images": the pipeline as it is written there.
    [Fact]
    public void TheReadmesPipelineOnAFolderOfImagesFitsAndPredictsEveryClass()
    {
        var (root, _) = ImageFolders.Write(Shape, perClass: 6);
        using var engine = TorchVaeModel.Create(Presets.Create(Presets.ConvLeaky, ModelKind.Variational, 4, Shape), seed: 3);
        string folder = ExportedModels.WriteFolder(engine);

        var ml = new MLContext(seed: 0);
        IDataView photos = ml.Data.LoadFromImageFolder(root); // Label, ImagePath, Image
        var pipeline = ml
            .Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder })
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Latent"));
        var model = pipeline.Fit(photos);

        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(ml.Data.LoadFromImageFolder(root, DataSplit.Test)));
        Assert.Equal(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.InRange(metrics.MacroAccuracy, 0, 1);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f, $"latent {i}: {actual[i]} from the image column, {expected[i]} from the pixels");
    }

    private static float[] RunProbe(string model, IEnumerable<string> images)
    {
        string probeDir = Path.Combine(TestPaths.RepoRoot, "tests", "ModelLoadProbe", "bin", "Release", "net10.0");
        Assert.Empty(Directory.GetFiles(probeDir, "Vae.MLNet*.dll"));
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllLines(Path.Combine(dir, "paths.txt"), images);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(probeDir, "ModelLoadProbe.dll"), model, Path.Combine(dir, "paths.txt"), Path.Combine(dir, "out.bin") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "out.bin"))).ToArray();
    }

    public sealed class Row
    {
        public string Label { get; set; } = "";
        public string ImagePath { get; set; } = "";
        public float[] Latent { get; set; } = [];
    }
}

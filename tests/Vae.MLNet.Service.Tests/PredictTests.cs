using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Vae.MLNet.Models;
using Vae.MLNet.Service;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Service.Tests;

/// <summary>
/// README's ML.NET pipeline (VaeFeaturizer → MapValueToKey → LbfgsMaximumEntropy) fit on real
/// Fashion-MNIST rows, saved, and served beside its model folder.
/// </summary>
public sealed class PredictionFixture : IAsyncLifetime
{
    public const int Images = 40;

    public string Folder { get; } = ExportedModels.WriteFolder(ExportedModels.Trained(Presets.Conv, ModelKind.Variational, latent: 4, steps: 20));
    public string ModelFile { get; private set; } = "";
    private InProcessService _service = null!;
    public HttpClient Client => _service.Client;

    public async Task InitializeAsync()
    {
        var ml = new MLContext(seed: 0);
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Train), 1000);
        var model = Pipeline(ml, ml.Transforms.VaeFeaturizer(Folder)).Fit(train);
        ModelFile = Path.Combine(TestPaths.NewTempDirectory(), "fashion.zip");
        ml.Model.Save(model, train.Schema, ModelFile);
        _service = await InProcessService.StartAsync(new ServedModels(Folder, ModelFile), new ServiceOptions { MaxBatch = 64 });
    }

    public static IEstimator<ITransformer> Pipeline(MLContext ml, IEstimator<ITransformer> featurizer) => featurizer
        .AppendCacheCheckpoint(ml)
        .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
        .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent"));

    public async Task DisposeAsync() => await _service.DisposeAsync();
}

public class PredictTests(PredictionFixture service) : IClassFixture<PredictionFixture>
{
    private static readonly float[] Pixels = SeededModels.RealImages(PredictionFixture.Images);

    [Fact]
    public async Task PredictEqualsTheModelLoadedByMlNetInProcess()
    {
        var body = await Predict(service.Client, Pixels);
        var expected = InProcess(service.ModelFile, Pixels, scale: 1);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], body.Classes!);
        for (int i = 0; i < PredictionFixture.Images; i++)
        {
            Assert.Equal(body.Classes![expected[i].PredictedLabel - 1], body.PredictedLabels[i]);
            Assert.Equal(expected[i].Score, body.Scores[i]);
            Assert.Equal(expected[i].Latent, body.Latents![i]);
            Assert.Equal(body.Classes[Array.IndexOf(body.Scores[i], body.Scores[i].Max())], body.PredictedLabels[i]);
        }
        Assert.True(body.PredictedLabels.Distinct().Count() > 2, "a trained featurizer and classifier predict several classes on 40 real images");
    }

    [Fact]
    public async Task ConcurrentBatchesGetTheirOwnAnswers()
    {
        // Different batches at once: a shared PredictionEngine would mix rows up or crash.
        var batches = Enumerable.Range(0, 16).Select(i => Pixels[(i % 8 * 5 * 784)..((i % 8 + 1) * 5 * 784)]).ToArray();
        var alone = new List<string>();
        foreach (var batch in batches) alone.Add(JsonSerializer.Serialize(await Predict(service.Client, batch)));
        var together = await Task.WhenAll(batches.Select(async b => JsonSerializer.Serialize(await Predict(service.Client, b))));
        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task BinaryBodiesAndLimitsAreTheOtherEndpoints()
    {
        var raw = new ByteArrayContent(Pixels.Select(p => (byte)MathF.Round(p * 255)).ToArray());
        raw.Headers.ContentType = new("application/octet-stream");
        var binary = await (await service.Client.PostAsync("/v1/predict?format=uint8", raw)).Content.ReadFromJsonAsync<PredictResponse>();
        Assert.Equal((await Predict(service.Client, Pixels)).PredictedLabels, binary!.PredictedLabels);

        var wrong = await service.Client.PostAsJsonAsync("/v1/predict", new { images = new[] { new float[10] } });
        Assert.Equal(422, (int)wrong.StatusCode);
        Assert.Contains("images[0] has 10 values; expected 784.", await wrong.Content.ReadAsStringAsync());
        var tooMany = await service.Client.PostAsJsonAsync("/v1/predict", new { images = Enumerable.Repeat(new float[784], 65).ToArray() });
        Assert.Equal(413, (int)tooMany.StatusCode);
        Assert.Contains("/v1/predict", await service.Client.GetStringAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task AModelFitOnBytePixelsIsServedWithPixelMaximum255()
    {
        var ml = new MLContext(seed: 0);
        var rows = SeededModels.RealImages(300).Chunk(784).Select(image => new ByteRow { Image = image.Select(p => p * 255).ToArray() });
        var train = ml.Data.LoadFromEnumerable(rows.ToArray());
        var options = new VaeFeaturizerOptions { ModelDirectory = service.Folder, PixelScale = PixelScale.Bytes };
        string file = Path.Combine(TestPaths.NewTempDirectory(), "bytes.zip");
        ml.Model.Save(PredictionFixture.Pipeline(ml, ml.Transforms.VaeFeaturizer(options)).Fit(train), train.Schema, file);

        await using var bytes = await InProcessService.StartAsync(new ServedModels(null, file), new ServiceOptions { PredictPixelScale = PixelScale.Bytes });
        var body = await Predict(bytes.Client, Pixels); // [0, 1] pixels in the request
        var expected = InProcess(file, Pixels, scale: 255);
        for (int i = 0; i < PredictionFixture.Images; i++) Assert.Equal(expected[i].Score, body.Scores[i]);
        Assert.Equal(404, (int)(await bytes.Client.PostAsJsonAsync("/v1/encode", new { images = new[] { new float[784] } })).StatusCode); // no model folder served
    }

    [Fact]
    public void ModelsThatCannotPredictAreRefusedAtStartNamingFileAndColumn()
    {
        string dir = TestPaths.NewTempDirectory();
        string notZip = Path.Combine(dir, "notes.zip");
        File.WriteAllText(notZip, "not a model");
        Assert.Contains($"{notZip}: ML.NET cannot load this model file", Refusal(notZip).Message);

        var ml = new MLContext();
        var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory(TestPaths.FashionMnist, IdxSplit.Test), 50);
        string featurizerOnly = Path.Combine(dir, "featurizer.zip");
        ml.Model.Save(ml.Transforms.VaeFeaturizer(service.Folder).Fit(train), train.Schema, featurizerOnly);
        Assert.Contains($"{featurizerOnly}: the model's output has no column 'PredictedLabel'", Refusal(featurizerOnly).Message);

        string renamed = Path.Combine(dir, "pixels.zip");
        var other = ml.Data.LoadFromEnumerable(new[] { new PixelsRow() });
        ml.Model.Save(ml.Transforms.CopyColumns("Copy", "Pixels").Fit(other), other.Schema, renamed);
        Assert.Contains("the model's input has no column 'Image' (expected Vector<Single, C·H·W>, one image)", Refusal(renamed).Message);
        Assert.Throws<FileNotFoundException>(() => VaeServiceApp.Build(new ServedModels(null, Path.Combine(dir, "missing.zip")), new ServiceOptions()));
    }

    private static InvalidDataException Refusal(string file) =>
        Assert.Throws<InvalidDataException>(() => VaeServiceApp.Build(new ServedModels(null, file), new ServiceOptions()));

    private static async Task<PredictResponse> Predict(HttpClient client, float[] pixels)
    {
        var response = await client.PostAsJsonAsync("/v1/predict", new { images = ScoringMath.Rows(pixels, 784) });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!;
    }

    // The saved model loaded by ML.NET in this process, scoring the same images (times scale).
    private static Output[] InProcess(string file, float[] pixels, float scale)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(file, out _);
        var rows = pixels.Chunk(784).Select(image => new ByteRow { Image = image.Select(p => p * scale).ToArray() }).ToArray();
        var result = ml.Data.CreateEnumerable<Output>(model.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray();
        (model as IDisposable)?.Dispose();
        return result;
    }

    private sealed class ByteRow
    {
        public float Label { get; set; }
        [VectorType(784)]
        public float[] Image { get; set; } = [];
    }

    private sealed class PixelsRow
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = new float[784];
    }

    private sealed class Output
    {
        public uint PredictedLabel { get; set; }
        public float[] Score { get; set; } = [];
        public float[] Latent { get; set; } = [];
    }
}

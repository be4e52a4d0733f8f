using Vae.MLNet.Runs;
using Vae.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Featurizer.Tests;

/// <summary>The featurizer's columns against the engine on the same weights, 64 real images.</summary>
public class FeaturizerParityTests
{
    private const int N = 64, D = 6;
    private static readonly float[] Images = SeededModels.RealImages(N);

    [Theory]
    [InlineData(Presets.Conv, ModelKind.Variational)]
    [InlineData(Presets.Dense, ModelKind.Variational)]
    [InlineData(Presets.ConvPool, ModelKind.Autoencoder)]
    public void LatentLogVarAndReconstructionErrorEqualTheEngine(string preset, ModelKind kind)
    {
        using var engine = ExportedModels.Trained(preset, kind, latent: D);
        string folder = ExportedModels.WriteFolder(engine);
        var (mu, logVar, decoded) = (new float[N * D], new float[N * D], new float[N * 784]);
        engine.Encode(Images, mu, kind == ModelKind.Variational ? logVar : default);
        engine.Decode(mu, decoded);

        var ml = new MLContext(seed: 1);
        var options = new VaeFeaturizerOptions
        {
            ModelDirectory = folder, ReconstructionErrorColumnName = "Error",
            LatentLogVarColumnName = kind == ModelKind.Variational ? "LogVar" : null,
        };
        var rows = Score(ml, ml.Transforms.VaeFeaturizer(options), Images, scale: 1);

        AssertClose(mu, rows.SelectMany(r => r.Latent).ToArray(), 1e-4, "Latent");
        if (kind == ModelKind.Variational) AssertClose(logVar, rows.SelectMany(r => r.LogVar).ToArray(), 1e-4, "LatentLogVar");
        var expected = Enumerable.Range(0, N).Select(i => Bce(Images.AsSpan(i * 784, 784), decoded.AsSpan(i * 784, 784))).ToArray();
        for (int i = 0; i < N; i++)
            Assert.True(Math.Abs(rows[i].Error[0] - expected[i]) <= 1e-4 * expected[i], $"image {i}: ReconstructionError {rows[i].Error[0]} vs engine {expected[i]}");
    }

    [Fact]
    public void PixelsIn0To255ScaledInTheGraphEqualPixelsIn0To1()
    {
        using var engine = ExportedModels.Trained(Presets.Conv, ModelKind.Variational, latent: D);
        string folder = ExportedModels.WriteFolder(engine);
        var ml = new MLContext(seed: 1);
        var bytes = Images.Select(p => MathF.Round(p * 255f)).ToArray(); // the byte values the file holds
        var unit = Score(ml, ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder, ReconstructionErrorColumnName = "Error" }), Images, 1);
        var raw = Score(ml, ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions
            { ModelDirectory = folder, ReconstructionErrorColumnName = "Error", PixelScale = PixelScale.Bytes }), bytes, 1);
        Assert.True(File.Exists(Path.Combine(folder, FeaturizerGraph.FileName(PixelScale.Bytes, withError: true))));
        Assert.Equal(unit.SelectMany(r => r.Latent), raw.SelectMany(r => r.Latent));
        Assert.Equal(unit.Select(r => r.Error[0]), raw.Select(r => r.Error[0]));
    }

    [Fact]
    public void AFolderWhoseModelIsExportedAgainGetsAFreshGraph()
    {
        using var first = ExportedModels.Trained(Presets.Conv, ModelKind.Variational, latent: D);
        string folder = ExportedModels.WriteFolder(first);
        var ml = new MLContext(seed: 1);
        var options = new VaeFeaturizerOptions { ModelDirectory = folder };
        Assert.Equal(D, Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1)[0].Latent.Length);
        string graph = Path.Combine(folder, FeaturizerGraph.FileName(PixelScale.UnitInterval));
        var composed = File.GetLastWriteTimeUtc(graph);
        Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1);
        Assert.Equal(composed, File.GetLastWriteTimeUtc(graph)); // same sources: reused, not rewritten

        // `vae export` of another checkpoint into the folder: the graph composed from the old files must not be used.
        using var second = ExportedModels.Trained(Presets.Dense, ModelKind.Variational, latent: 3);
        string other = ExportedModels.WriteFolder(second);
        foreach (var file in new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile })
            File.Copy(Path.Combine(other, file), Path.Combine(folder, file), overwrite: true);
        var mu = new float[N * 3];
        second.Encode(Images, mu, default);
        AssertClose(mu, Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1).SelectMany(r => r.Latent).ToArray(), 1e-4, "Latent after re-export");
    }

    [Fact]
    public void ADamagedGraphIsComposedAgainAndADamagedEncoderIsRefusedNamingIt()
    {
        using var engine = ExportedModels.Trained(Presets.Dense, ModelKind.Variational, latent: D);
        string folder = TestPaths.NewTempDirectory();
        var (encoderBytes, decoderBytes) = ModelExport.ToOnnx(engine, new TrainingOptions { Preset = Presets.Dense, LatentSize = D }, null);
        File.WriteAllBytes(Path.Combine(folder, OnnxContract.EncoderFile), encoderBytes); // as `vae train` writes them: sealed
        File.WriteAllBytes(Path.Combine(folder, OnnxContract.DecoderFile), decoderBytes);
        var ml = new MLContext(seed: 1);
        var options = new VaeFeaturizerOptions { ModelDirectory = folder };
        var first = Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1).SelectMany(r => r.Latent).ToArray();

        // featurizer.onnx is derived from the pair: damaged, it is composed again, not used and not refused.
        string graph = Path.Combine(folder, FeaturizerGraph.FileName(PixelScale.UnitInterval));
        var bytes = File.ReadAllBytes(graph);
        bytes.AsSpan(bytes.Length / 2, 12).Fill(0xFF);
        File.WriteAllBytes(graph, bytes);
        Assert.Equal(first, Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1).SelectMany(r => r.Latent).ToArray());
        OnnxChecksum.Verify(graph, File.ReadAllBytes(graph)); // the graph written again carries a matching checksum

        // encoder.onnx is the model itself: damaged, it is refused, named.
        string encoder = Path.Combine(folder, OnnxContract.EncoderFile);
        var weights = File.ReadAllBytes(encoder);
        weights[weights.Length / 2] ^= 0x10;
        File.WriteAllBytes(encoder, weights);
        var e = Assert.Throws<InvalidDataException>(() => Score(ml, ml.Transforms.VaeFeaturizer(options), Images, 1));
        Assert.Equal(
            $"{encoder}: is damaged: its contents do not match the SHA-256 checksum written with them (vae.sha256). "
                + "Export the model again from its checkpoint, or copy the file again.",
            e.Message);
    }

    [Fact]
    public void AnMseModelsErrorIsTheSummedSquaredErrorOfTheDecodedImage()
    {
        using var engine = ExportedModels.Trained(Presets.Dense, ModelKind.Variational, latent: D);
        string folder = ExportedModels.WriteFolder(engine);
        MarkLossMse(folder);
        var (mu, decoded) = (new float[N * D], new float[N * 784]);
        engine.Encode(Images, mu, default);
        engine.Decode(mu, decoded);
        var ml = new MLContext(seed: 1);
        var rows = Score(ml, ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder, ReconstructionErrorColumnName = "Error" }), Images, 1);
        for (int i = 0; i < N; i++)
        {
            double se = 0;
            for (int j = 0; j < 784; j++) se += Math.Pow(decoded[i * 784 + j] - (double)Images[i * 784 + j], 2);
            Assert.True(Math.Abs(rows[i].Error[0] - se) <= 1e-4 * se + 1e-5, $"image {i}: {rows[i].Error[0]} vs {se}");
        }
    }

    [Theory]
    [InlineData(ReconstructionLoss.Bce)]
    [InlineData(ReconstructionLoss.Mse)]
    public void OneReconstructionErrorPerLossInTheEngineTheGraphAndOnnxRuntime(ReconstructionLoss loss)
    {
        using var engine = ExportedModels.Trained(Presets.Dense, ModelKind.Variational, latent: D);
        string folder = ExportedModels.WriteFolder(engine);
        if (loss == ReconstructionLoss.Mse) MarkLossMse(folder);
        // The engine's reconstruction term at z = μ (ε = 0), one image per pass.
        var inEngine = Enumerable.Range(0, N).Select(i => engine.Forward(Images.AsSpan(i * 784, 784), new float[D], new float[D], new float[D],
            new float[784], 1.0, loss).Reconstruction).ToArray();
        using var onnx = Scoring.OnnxVaeModel.Open(folder);
        var (mu, decoded) = (new float[N * D], new float[N * 784]);
        onnx.Encode(Images, mu);
        onnx.Decode(mu, decoded);
        var inOnnxRuntime = Scoring.ReconstructionError.Of(onnx.Loss, Images, decoded, onnx.Shape.Size);
        var ml = new MLContext(seed: 1);
        var inGraph = Score(ml, ml.Transforms.VaeFeaturizer(new VaeFeaturizerOptions { ModelDirectory = folder, ReconstructionErrorColumnName = "Error" }), Images, 1)
            .Select(r => (double)r.Error[0]).ToArray();

        Assert.Equal(loss, onnx.Loss);
        for (int i = 0; i < N; i++)
        {
            Assert.True(Math.Abs(inOnnxRuntime[i] - inEngine[i]) <= 1e-5 * inEngine[i], $"image {i}: ONNX Runtime {inOnnxRuntime[i]} vs engine {inEngine[i]}");
            Assert.True(Math.Abs(inGraph[i] - inEngine[i]) <= 1e-5 * inEngine[i], $"image {i}: featurizer graph {inGraph[i]} vs engine {inEngine[i]}");
        }
    }

    internal static Row[] Score(MLContext ml, VaeFeaturizerEstimator featurizer, float[] images, float scale)
    {
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, images.Length / 784).Select(i => new ImageRow { Image = images[(i * 784)..((i + 1) * 784)] }));
        var model = featurizer.Fit(data);
        var rows = ml.Data.CreateEnumerable<Row>(model.Transform(data), reuseRowObject: false, ignoreMissingColumns: true).ToArray();
        model.Dispose();
        return rows;
    }

    private static void MarkLossMse(string folder)
    {
        string path = Path.Combine(folder, OnnxContract.EncoderFile);
        var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        model.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = OnnxContract.Metadata.Loss, Value = "mse" });
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
    }

    private static double Bce(ReadOnlySpan<float> x, ReadOnlySpan<float> p)
    {
        double sum = 0;
        for (int j = 0; j < x.Length; j++) sum -= x[j] * Math.Log(p[j]) + (1 - x[j]) * Math.Log(1 - (double)p[j]);
        return sum;
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= tolerance, $"{what}: max |engine − featurizer| = {worst:E2}");
    }

    internal sealed class ImageRow
    {
        [VectorType(784)]
        public float[] Image { get; set; } = [];
    }

    internal sealed class Row
    {
        public float[] Latent { get; set; } = [];
        public float[] LogVar { get; set; } = [];
        public float[] Error { get; set; } = [];
    }
}

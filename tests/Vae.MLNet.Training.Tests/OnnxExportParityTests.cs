using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Scoring;
using Vae.MLNet.Tests;
using Vae.MLNet.Training;

namespace Vae.MLNet.Training.Tests;

/// <summary>The export against the engine: ONNX Runtime on the exported files against libtorch on the same weights, 256 real images.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class OnnxExportParityTests
{
    private const float Tolerance = 1e-4f;
    private static readonly float[] Images = SeededModels.RealImages(256);

    public static TheoryData<string, ModelKind> Cases()
    {
        var data = new TheoryData<string, ModelKind>();
        foreach (var preset in Presets.Names)
            data.Add(preset, ModelKind.Variational);
        data.Add(Presets.Conv, ModelKind.Autoencoder);
        data.Add(Presets.DenseSmall, ModelKind.Autoencoder);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainedModelsExportedToOnnxMatchTheEngineAtBatch1_7_256(string preset, ModelKind kind)
    {
        const int d = 6;
        using var engine = ExportedModels.Trained(preset, kind, latent: d);
        var (encoderBytes, decoderBytes) = ExportedModels.Export(engine);
        using var onnx = OnnxVaeModel.FromBytes(encoderBytes, decoderBytes);
        var (mu, logVar, decoded) = (new float[256 * d], new float[256 * d], new float[256 * 784]);
        engine.Encode(Images, mu, logVar);
        engine.Decode(mu, decoded);

        Assert.Equal(kind == ModelKind.Variational, onnx.HasLogVar);
        foreach (int batch in new[] { 1, 7, 256 })
        {
            var (oMu, oLogVar, oDecoded) = (new float[256 * d], new float[256 * d], new float[256 * 784]);
            for (int start = 0; start < 256; start += batch)
            {
                int n = Math.Min(batch, 256 - start);
                onnx.Encode(
                    Images.AsMemory(start * 784, n * 784),
                    oMu.AsMemory(start * d, n * d),
                    onnx.HasLogVar ? oLogVar.AsMemory(start * d, n * d) : default
                );
                onnx.Decode(mu.AsMemory(start * d, n * d), oDecoded.AsMemory(start * 784, n * 784));
            }
            AssertMaxAbs(mu, oMu, $"mu, batch {batch}");
            if (onnx.HasLogVar)
                AssertMaxAbs(logVar, oLogVar, $"log_var, batch {batch}");
            AssertMaxAbs(decoded, oDecoded, $"decoded pixels, batch {batch}");
        }
    }

    // The default preset adapted to 36×50 colour images (its decoder pads height and width apart), trained a few steps.
    [Fact]
    public void AnExportForColourImagesOfAnotherSizeMatchesTheEngineAndCarriesItsShape()
    {
        const int d = 4,
            n = 32;
        var shape = new ImageShape(3, 36, 50);
        using var engine = TorchVaeModel.Create(Presets.Create(Presets.ConvLeaky, ModelKind.Variational, d, shape), seed: 3);
        engine.SetOptimizer(OptimizerKind.Adam, 1e-3);
        var images = SeededModels.RealImages(n, shape);
        for (int i = 0; i < 3; i++)
            engine.TrainStep(images, 1.0, ReconstructionLoss.Bce);
        var (encoder, decoder) = ExportedModels.Export(engine);
        using var onnx = OnnxVaeModel.FromBytes(encoder, decoder);

        Assert.Equal(shape, onnx.Shape);
        var (mu, decoded, oMu, oDecoded) = (new float[n * d], new float[n * shape.Size], new float[n * d], new float[n * shape.Size]);
        engine.Encode(images, mu, new float[n * d]);
        engine.Decode(mu, decoded);
        onnx.Encode(images, oMu);
        onnx.Decode(mu, oDecoded);
        AssertMaxAbs(mu, oMu, "mu");
        AssertMaxAbs(decoded, oDecoded, "decoded pixels");
        var e = Assert.Throws<ArgumentException>(() => onnx.Encode(new float[784], new float[d]));
        Assert.Contains("images", e.Message);
    }

    [Fact]
    public void AnEncoderAndADecoderOfTwoExportsAreRefused()
    {
        using var first = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 3, seed: 1);
        using var second = ExportedModels.Engine(Presets.Dense, ModelKind.Variational, latent: 3, seed: 2);
        var (a, b) = (ModelExport.ToOnnx(first, new TrainingOptions(), null), ModelExport.ToOnnx(second, new TrainingOptions(), null));
        Assert.Equal(a.Encoder, ModelExport.ToOnnx(first, new TrainingOptions(), null).Encoder); // one model, one export identifier: the same bytes

        var mixed = Assert.Throws<InvalidDataException>(() => OnnxVaeModel.FromBytes(a.Encoder, b.Decoder));
        Assert.Contains("encoder bytes and decoder bytes come from different exports (vae.export_id ", mixed.Message);
        using var whole = OnnxVaeModel.FromBytes(b.Encoder, b.Decoder);
        Assert.Equal(3, whole.LatentSize);
    }

    private static void AssertMaxAbs(float[] expected, float[] actual, string what)
    {
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(
            worst <= Tolerance,
            $"{what}: max |libtorch − ORT| = {worst:E2} > {Tolerance:E0} "
                + $"(NaN: {expected.Count(float.IsNaN)} from the engine, {actual.Count(float.IsNaN)} from ONNX Runtime)"
        );
    }
}

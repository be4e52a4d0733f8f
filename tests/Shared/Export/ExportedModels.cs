using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Engine;
using Vae.MLNet.Training;

namespace Vae.MLNet.Tests;

/// <summary>Engine models and their ONNX exports, for tests that need real weights.</summary>
internal static class ExportedModels
{
    /// <summary>A freshly initialized model.</summary>
    public static TorchVaeModel Engine(string preset, ModelKind kind, int latent = 5, ulong seed = 3)
    {
        return TorchVaeModel.Create(Presets.Create(preset, kind, latent), seed: seed);
    }

    /// <summary>
    /// A model trained for a few Adam steps on real images, so its weights are the engine's own work,
    /// not an initializer's.
    /// </summary>
    public static TorchVaeModel Trained(string preset, ModelKind kind, int latent = 5, int steps = 5, ulong seed = 3)
    {
        var model = Engine(preset, kind, latent, seed);
        model.SetOptimizer(OptimizerKind.Adam, 1e-3);
        var images = SeededModels.RealImages(64 * steps);
        for (int i = 0; i < steps; i++) model.TrainStep(images.AsSpan(i * 64 * 784, 64 * 784), 1.0, ReconstructionLoss.Bce);
        return model;
    }

    public static (byte[] Encoder, byte[] Decoder) Export(TorchVaeModel model) => SeededModels.Export(model.Spec, ModelExport.Weights(model));

    /// <summary>A fresh folder holding the model's encoder.onnx and decoder.onnx (a model folder).</summary>
    public static string WriteFolder(TorchVaeModel model)
    {
        string dir = TestPaths.NewTempDirectory();
        var (encoder, decoder) = Export(model);
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.EncoderFile), encoder);
        File.WriteAllBytes(Path.Combine(dir, OnnxContract.DecoderFile), decoder);
        return dir;
    }
}

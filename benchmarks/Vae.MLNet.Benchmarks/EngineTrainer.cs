using System.Diagnostics;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Benchmarks;

/// <summary>Training throughput of the native engine driven from C#, on consecutive real batches.</summary>
internal static class EngineTrainer
{
    public static double ImagesPerSecond(ArchitectureSpec spec, ImageDataset images, int batch, int warmup, int steps)
    {
        using var model = TorchVaeModel.Create(spec, seed: 0);
        model.SetOptimizer(OptimizerKind.Adam, 1e-3);
        int stride = batch * spec.Input.Size;
        var clock = new Stopwatch();
        for (int i = 0; i < warmup + steps; i++)
        {
            if (i == warmup) clock.Start();
            model.TrainStep(images.Pixels.AsSpan(i * stride, stride), 1.0, ReconstructionLoss.Bce);
        }
        return batch * steps / clock.Elapsed.TotalSeconds;
    }
}

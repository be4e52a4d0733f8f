using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Training throughput: each preset trained by the native engine from C#, and the same model (same
/// spec, batch, thread count, OPENBLAS_NUM_THREADS=1) by PyTorch, alternating in rounds; medians.
/// </summary>
internal static class TrainingBenchmark
{
    public static void Run(BenchOptions opts)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; threads {opts.Threads}; batch {opts.Batch}; latent {opts.Latent}; VAE, Adam 1e-3, BCE; " +
            $"{opts.Rounds} alternating rounds of ~{opts.Seconds} s; medians"));
        Console.WriteLine($"{"preset",-12} {"steps",6} {"Vae.MLNet img/s",16} {"PyTorch img/s",14} {"ratio",6}");
        foreach (var preset in opts.Presets)
        {
            var spec = Presets.Create(preset, ModelKind.Variational, opts.Latent);
            int steps = StepsForDuration(spec, opts);
            var images = DatasetLoader.Load(DatasetLoader.DefaultFashionMnistDirectory, DataSplit.Train, opts.Batch * (steps + opts.Warmup));
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int round = 0; round < opts.Rounds; round++)
            {
                ours.Add(EngineTrainer.ImagesPerSecond(spec, images, opts.Batch, opts.Warmup, steps));
                theirs.Add(PyTorchTrainer.ImagesPerSecond(spec, opts.Batch, opts.Threads, opts.Warmup, steps));
            }
            double a = Stats.Median(ours), b = Stats.Median(theirs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{preset,-12} {steps,6} {a,16:F0} {b,14:F0} {a / b,6:F2}"));
        }
    }

    private static int StepsForDuration(ArchitectureSpec spec, BenchOptions o)
    {
        var probe = DatasetLoader.Load(DatasetLoader.DefaultFashionMnistDirectory, DataSplit.Train, o.Batch * 4);
        double rate = EngineTrainer.ImagesPerSecond(spec, probe, o.Batch, warmup: 1, steps: 3);
        return Math.Clamp((int)(o.Seconds * rate / o.Batch), 5, 400);
    }
}

using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Training throughput: each preset trained by the TorchSharp engine, and the same model (same spec,
/// batch, thread count) by PyTorch, alternating in rounds; medians. Then the GFLOP/s each preset
/// reaches beside torch.mm's on 2048×2048 in the same run. The peer is shown to be fair first: its own
/// torch.mm figure (<see cref="PeerBlas"/>) is printed beside TorchSharp's, and when it reaches less
/// than half of it no ratio is printed (a ratio against a crippled BLAS says nothing of our engine).
/// The peer trains with OPENBLAS_NUM_THREADS=1 under libtorch's threads: measured on conv-leaky, 1,087
/// img/s so against 338 with OpenBLAS on 2 threads too (the two thread pools oversubscribe 2 cores).
/// </summary>
internal static class TrainingBenchmark
{
    public static void Run(BenchOptions opts)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; threads {opts.Threads}; batch {opts.Batch}; latent {opts.Latent}; VAE, Adam 1e-3, BCE; " +
            $"{opts.Rounds} alternating rounds of ~{opts.Seconds} s; medians; images {opts.Shape}"));
        double mm = MatmulCeiling.GflopsPerSecond(opts.Seconds / 2);
        var peer = PeerBlas.Measure(opts.Threads, opts.Seconds / 2);
        bool fair = peer.Gflops >= mm / 2;
        string coreType = peer.Environment.TryGetValue("OPENBLAS_CORETYPE", out var core) ? $", OPENBLAS_CORETYPE={core}" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"torch.mm {MatmulCeiling.Size}x{MatmulCeiling.Size}: TorchSharp {mm:F1} GFLOP/s; the PyTorch peer {peer.Gflops:F1} GFLOP/s ({peer.Library}, kernel {peer.Core}{coreType})"));
        Console.WriteLine($"TorchSharp's matrix products: {TorchRuntime.MatrixProductKernels}");
        if (!fair)
            Console.WriteLine("the peer's BLAS reaches less than half of TorchSharp's: no ratio is printed (install OpenBLAS: eng/install-deps.sh)");
        Console.WriteLine($"{"preset",-12} {"steps",6} {"MFLOP/img",10} {"Vae.MLNet img/s",16} {"PyTorch img/s",14} {"ratio",6} {"GFLOP/s",8}");
        var gflops = new List<(string Preset, double Gflops)>();
        foreach (var preset in opts.Presets)
        {
            var spec = Presets.Create(preset, ModelKind.Variational, opts.Latent, opts.Shape);
            int steps = StepsForDuration(spec, opts);
            var images = Images(opts.Batch * (steps + opts.Warmup), opts.Shape);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int round = 0; round < opts.Rounds; round++)
            {
                ours.Add(EngineTrainer.ImagesPerSecond(spec, images, opts.Batch, opts.Warmup, steps));
                theirs.Add(PyTorchTrainer.ImagesPerSecond(spec, opts.Batch, opts.Threads, opts.Warmup, steps, peer.Environment));
            }
            double a = Stats.Median(ours), b = Stats.Median(theirs), flops = TrainingFlops.PerImage(spec);
            gflops.Add((preset, a * flops / 1e9));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{preset,-12} {steps,6} {flops / 1e6,10:F1} {a,16:F0} {b,14:F0} {(fair ? (a / b).ToString("F2", CultureInfo.InvariantCulture) : "—"),6} {a * flops / 1e9,8:F1}"));
        }
        double ceiling = Stats.Median(Enumerable.Range(0, opts.Rounds).Select(_ => MatmulCeiling.GflopsPerSecond(opts.Seconds / 2)));
        string shares = string.Join(", ", gflops.Select(g => FormattableString.Invariant($"{g.Preset} {100 * g.Gflops / ceiling:F0}%")));
        Console.WriteLine(FormattableString.Invariant(
            $"torch.mm {MatmulCeiling.Size}x{MatmulCeiling.Size} through TorchSharp: {ceiling:F1} GFLOP/s; training reaches {shares} of it"));
    }

    // Real Fashion-MNIST training images; for another shape each channel is one of them resized (nearest neighbour), as
    // the peer makes them (vae_reference.py bench).
    internal static ImageDataset Images(int count, ImageShape shape)
    {
        // A fast run at a small shape can want more planes than the 60,000 training images: they repeat.
        var source = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, Math.Min(count * shape.Channels, 60_000));
        if (shape == ImageShape.Mnist)
            return source;
        var (c, h, w) = (shape.Channels, shape.Height, shape.Width);
        var pixels = new float[count * shape.Size];
        for (int i = 0; i < count; i++)
        for (int k = 0; k < c; k++)
        {
            var image = source.Image((i * c + k) % source.Count);
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                pixels[((i * c + k) * h + y) * w + x] = image[(y * 28 / h) * 28 + x * 28 / w];
        }
        return new ImageDataset(pixels, new int[count], source.Source, shape);
    }

    private static int StepsForDuration(ArchitectureSpec spec, BenchOptions o)
    {
        var probe = Images(o.Batch * 4, o.Shape);
        double rate = EngineTrainer.ImagesPerSecond(spec, probe, o.Batch, warmup: 1, steps: 3);
        return Math.Clamp((int)(o.Seconds * rate / o.Batch), 5, 400);
    }
}

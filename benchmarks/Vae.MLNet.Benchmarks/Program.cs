// Training-throughput benchmark: each preset trained by the native engine from C#, and the same
// model (same spec, batch, thread count, OPENBLAS_NUM_THREADS=1) by PyTorch, alternating in rounds
// within one run; medians are compared. Each measurement lasts about --seconds seconds.
// Usage: dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- [--rounds 3] [--seconds 4]
//        [--threads N] [--latent 10] [--batch 128] [--presets conv,dense]
using System.Diagnostics;
using System.Globalization;
using Vae.MLNet.Benchmarks;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Torch;

var opts = BenchOptions.Parse(args);
TorchRuntime.SetThreads(opts.Threads);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Environment.ProcessorCount} cores; threads {TorchRuntime.Threads}; batch {opts.Batch}; latent {opts.Latent}; VAE, Adam 1e-3, BCE; " +
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
    double a = Median(ours), b = Median(theirs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{preset,-12} {steps,6} {a,16:F0} {b,14:F0} {a / b,6:F2}"));
}

static int StepsForDuration(ArchitectureSpec spec, BenchOptions o)
{
    var probe = DatasetLoader.Load(DatasetLoader.DefaultFashionMnistDirectory, DataSplit.Train, o.Batch * 4);
    double rate = EngineTrainer.ImagesPerSecond(spec, probe, o.Batch, warmup: 1, steps: 3);
    return Math.Clamp((int)(o.Seconds * rate / o.Batch), 5, 400);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

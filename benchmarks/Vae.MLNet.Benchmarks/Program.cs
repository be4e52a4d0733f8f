// Training-throughput benchmark: each preset trained by the native engine from C#, then the same
// model (same spec, batch, thread count, OPENBLAS_NUM_THREADS=1) by PyTorch, side by side in one run.
// Usage: dotnet run -c Release --project benchmarks/Vae.MLNet.Benchmarks -- [--steps 40] [--threads 2] [--latent 10] [--presets conv,dense]
using System.Diagnostics;
using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Torch;
using Vae.MLNet.Training;

var opts = BenchOptions.Parse(args);
var images = DatasetLoader.Load(DatasetLoader.DefaultFashionMnistDirectory, DataSplit.Train, opts.Batch * (opts.Steps + opts.Warmup));
TorchRuntime.SetThreads(opts.Threads);
Console.WriteLine($"threads {TorchRuntime.Threads}, batch {opts.Batch}, {opts.Steps} timed steps after {opts.Warmup} warm-up, latent {opts.Latent}, VAE, Adam, BCE");
Console.WriteLine($"{"preset",-12} {"Vae.MLNet img/s",16} {"PyTorch img/s",14} {"ratio",6}");
foreach (var preset in opts.Presets)
{
    var spec = Presets.Create(preset, ModelKind.Variational, opts.Latent);
    double ours = MeasureOurs(spec, images, opts);
    double torch = MeasurePyTorch(spec, opts);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{preset,-12} {ours,16:F0} {torch,14:F0} {ours / torch,6:F2}"));
}

static double MeasureOurs(ArchitectureSpec spec, ImageDataset images, BenchOptions o)
{
    TorchRuntime.ManualSeed(0);
    using var model = TorchVaeModel.Create(spec);
    model.SetOptimizer("adam", 1e-3);
    int stride = o.Batch * ImageDataset.PixelsPerImage;
    var clock = new Stopwatch();
    for (int i = 0; i < o.Warmup + o.Steps; i++)
    {
        if (i == o.Warmup) clock.Start();
        model.TrainStep(images.Pixels.AsSpan(i * stride, stride), 1.0, ReconstructionLoss.Bce);
    }
    return o.Batch * o.Steps / clock.Elapsed.TotalSeconds;
}

static double MeasurePyTorch(ArchitectureSpec spec, BenchOptions o)
{
    string specFile = Path.GetTempFileName();
    File.WriteAllText(specFile, spec.ToText());
    try
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { ReferencePath(), "bench", "--spec", specFile, "--batch", $"{o.Batch}", "--threads", $"{o.Threads}",
                "--steps", $"{o.Steps}", "--warmup", $"{o.Warmup}" },
            RedirectStandardOutput = true,
        };
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("train_img_per_s ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"PyTorch reference failed (exit {process.ExitCode}): {output}");
        return double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }
    finally
    {
        File.Delete(specFile);
    }
}

static string ReferencePath()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "tests", "reference", "vae_reference.py");
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException("tests/reference/vae_reference.py not found above " + AppContext.BaseDirectory);
}

internal sealed record BenchOptions(int Steps, int Warmup, int Batch, int Threads, int Latent, string[] Presets)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new BenchOptions(int.Parse(Get("--steps", "40")), int.Parse(Get("--warmup", "5")), int.Parse(Get("--batch", "128")),
            int.Parse(Get("--threads", $"{Environment.ProcessorCount}")), int.Parse(Get("--latent", "10")),
            Get("--presets", string.Join(',', Vae.MLNet.Models.Presets.Names)).Split(','));
    }
}

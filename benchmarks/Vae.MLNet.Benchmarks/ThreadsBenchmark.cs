using System.Diagnostics;
using System.Globalization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Training throughput of one preset with the default thread count (one per core available, OpenMP threads that
/// sleep when they wait: what vae asks the engine for) against libgomp's spin-waiting default and against
/// one thread, on an idle machine and beside one busy process (a shell loop holding a core). Each
/// variant runs in a child process, since OpenMP reads its wait policy when it loads; rounds alternate.
/// </summary>
internal static class ThreadsBenchmark
{
    private static readonly (string Name, string Threads, string? WaitPolicy)[] Variants =
    [
        ("default threads (passive wait)", "0", null),
        ("default threads, OMP_WAIT_POLICY=active", "0", "ACTIVE"),
        ("--threads 1", "1", null),
    ];

    public static void Run(BenchOptions opts)
    {
        string preset = opts.Presets.Length == 1 ? opts.Presets[0] : Presets.Conv;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; {preset} VAE, batch {opts.Batch}; {opts.Rounds} rounds of ~{opts.Seconds} s per variant; medians (img/s)"));
        Console.WriteLine($"{"variant",-42} {"idle",8} {"threads",8} {"beside 1 busy process",22} {"threads",8}");
        foreach (var (name, threads, policy) in Variants)
        {
            var idle = Enumerable.Range(0, opts.Rounds).Select(_ => Probe(preset, threads, policy, opts, busy: false)).ToArray();
            var busy = Enumerable.Range(0, opts.Rounds).Select(_ => Probe(preset, threads, policy, opts, busy: true)).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-42} {Stats.Median(idle.Select(r => r.ImagesPerSecond)),8:F0} {Used(idle),8} {Stats.Median(busy.Select(r => r.ImagesPerSecond)),22:F0} {Used(busy),8}"));
        }
    }

    /// <summary>The child's side: train the preset for ~seconds in this process and print 'train_img_per_s X'.</summary>
    public static void ProbeInProcess(BenchOptions opts)
    {
        var spec = Presets.Create(opts.Presets[0], ModelKind.Variational, opts.Latent);
        var probe = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, opts.Batch * 8);
        double rate = EngineTrainer.ImagesPerSecond(spec, probe, opts.Batch, warmup: 2, steps: 5);
        int steps = Math.Clamp((int)(opts.Seconds * rate / opts.Batch), 5, 60_000 / opts.Batch - opts.Warmup);
        var images = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, opts.Batch * (steps + opts.Warmup));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads {Vae.MLNet.Engine.TorchRuntime.Threads}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train_img_per_s {EngineTrainer.ImagesPerSecond(spec, images, opts.Batch, opts.Warmup, steps)}"));
    }

    // The thread counts the rounds ran with, e.g. "1,1,1".
    private static string Used(IEnumerable<(double ImagesPerSecond, int Threads)> rounds) => string.Join(',', rounds.Select(r => r.Threads));

    private static (double ImagesPerSecond, int Threads) Probe(string preset, string threads, string? policy, BenchOptions opts, bool busy)
    {
        using var neighbour = busy ? Process.Start("/bin/sh", ["-c", "while :; do :; done"]) : null;
        try
        {
            var env = new Dictionary<string, string>();
            if (policy is not null) env["OMP_WAIT_POLICY"] = policy;
            var figures = PeerProcess.Figures("dotnet",
                [typeof(ThreadsBenchmark).Assembly.Location, "train-probe", "--presets", preset, "--threads", threads,
                 "--seconds", opts.Seconds.ToString(CultureInfo.InvariantCulture), "--batch", $"{opts.Batch}", "--latent", $"{opts.Latent}"],
                env);
            return (figures["train_img_per_s"], (int)figures["threads"]);
        }
        finally
        {
            neighbour?.Kill();
        }
    }
}

using System.Diagnostics;
using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Benchmarks;

/// <summary>Wall time of the exact silhouette on 10,000 points at d = 2, 10 and 32 (10 labels).</summary>
internal static class SilhouetteBenchmark
{
    public static void Run()
    {
        const int n = 10_000;
        var random = new Random(0);
        var labels = Enumerable.Range(0, n).Select(_ => random.Next(10)).ToArray();
        Console.WriteLine($"exact silhouette, {n:N0} points, 10 labels, {Environment.ProcessorCount} cores");
        foreach (int d in new[] { 2, 10, 32 })
        {
            var points = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
            var clock = Stopwatch.StartNew();
            var result = Silhouette.Compute(points, d, labels);
            Console.WriteLine($"d = {d,2}: {clock.Elapsed.TotalSeconds:F2} s (mean {result.Mean:F4})");
        }
    }
}

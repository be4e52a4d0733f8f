using System.Diagnostics;

namespace Vae.MLNet.Benchmarks;

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Images/s of <paramref name="step"/> (which processes <paramref name="imagesPerStep"/>) over ~seconds, after one warm-up step.</summary>
    public static double Throughput(Action<int> step, int imagesPerStep, double seconds)
    {
        step(0);
        long images = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
        {
            step(i);
            images += imagesPerStep;
        }
        return images / clock.Elapsed.TotalSeconds;
    }
}

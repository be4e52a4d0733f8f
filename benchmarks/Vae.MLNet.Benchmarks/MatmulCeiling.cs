using System.Diagnostics;
using TorchSharp;

namespace Vae.MLNet.Benchmarks;

/// <summary>GFLOP/s of torch.mm on 2048×2048 float32 through TorchSharp: the machine's practical ceiling for dense math.</summary>
internal static class MatmulCeiling
{
    public const int Size = 2048;

    public static double GflopsPerSecond(double seconds)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(Size, Size);
        var b = torch.randn(Size, Size);
        a.mm(b).Dispose(); // warm-up
        int calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            a.mm(b).Dispose();
            calls++;
        }
        return calls * 2.0 * Size * Size * Size / clock.Elapsed.TotalSeconds / 1e9;
    }
}

namespace Vae.MLNet.Benchmarks;

internal sealed record BenchOptions(int Rounds, double Seconds, int Warmup, int Batch, int Threads, int Latent, string[] Presets, int[] EncodeBatches)
{
    /// <summary>The images' shape (--shape CxHxW, e.g. 3x64x64); 1×28×28 by default.</summary>
    public Vae.MLNet.Models.ImageShape Shape { get; init; } = Vae.MLNet.Models.ImageShape.Mnist;

    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new BenchOptions(
            Rounds: int.Parse(Get("--rounds", "3")),
            Seconds: double.Parse(Get("--seconds", "4"), System.Globalization.CultureInfo.InvariantCulture),
            Warmup: int.Parse(Get("--warmup", "3")),
            Batch: int.Parse(Get("--batch", "128")),
            Threads: int.Parse(Get("--threads", $"{Environment.ProcessorCount}")),
            Latent: int.Parse(Get("--latent", "10")),
            Presets: Get("--presets", string.Join(',', Vae.MLNet.Models.Presets.Names)).Split(','),
            EncodeBatches: Get("--batches", "1,64,1024").Split(',').Select(int.Parse).ToArray())
        {
            Shape = Get("--shape", "1x28x28").Split('x').Select(int.Parse).ToArray() is [var c, var h, var w]
                ? new Vae.MLNet.Models.ImageShape(c, h, w)
                : throw new ArgumentException("--shape must be CxHxW, e.g. 3x64x64"),
        };
    }
}

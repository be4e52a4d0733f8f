namespace Vae.MLNet.Scoring;

/// <summary>Draws latent vectors from the prior p(z) = N(0, I).</summary>
public static class PriorSampler
{
    /// <summary>
    /// n × d standard normal values (Box–Muller over a seeded <see cref="Random"/>), row-major
    /// [n, d]; the same seed gives the same samples on every machine.
    /// </summary>
    public static float[] Sample(int n, int latentSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var random = new Random(seed);
        var z = new float[n * latentSize];
        for (int i = 0; i < z.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u1));
            z[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < z.Length) z[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return z;
    }
}

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
        var z = new float[n * latentSize];
        Fill(new Random(seed), z);
        return z;
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal values (Box–Muller) drawn from
    /// <paramref name="random"/>.</summary>
    public static void Fill(Random random, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(),
                u2 = random.NextDouble(),
                r = Math.Sqrt(-2 * Math.Log(u1));
            destination[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
                destination[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }
}

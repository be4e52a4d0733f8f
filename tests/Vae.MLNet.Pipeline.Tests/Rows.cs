using Vae.MLNet.Pipeline.Data;

namespace Vae.MLNet.Pipeline.Tests;

/// <summary>An image row as a user would declare it.</summary>
public sealed class ImageRow
{
    public int Label { get; set; }

    [VectorType(784)]
    public float[] Image { get; set; } = [];
}

/// <summary>A feature row with a renamed column and an ignored member.</summary>
public sealed class PointRow
{
    [ColumnName("Label")]
    public int Class;

    [VectorType(3)]
    public float[] Features = [];

    public float Weight;

    [NoColumn]
    public string Note = "";
}

/// <summary>A sequence that counts how often it is enumerated: proves laziness.</summary>
public sealed class CountingSequence<T>(IReadOnlyList<T> items) : IEnumerable<T>
{
    public int Enumerations { get; private set; }

    public IEnumerator<T> GetEnumerator()
    {
        Enumerations++;
        return items.GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Three Gaussian blobs in 3-D (seeded), with a weight column.</summary>
internal static class Blobs
{
    public static List<PointRow> Make(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            int c = i % 3;
            float Noise() => (float)(random.NextDouble() * 2 - 1);
            return new PointRow { Class = c, Features = [c * 2 + Noise(), -c + Noise(), c % 2 + Noise()], Weight = i, Note = "x" };
        }).ToList();
    }
}

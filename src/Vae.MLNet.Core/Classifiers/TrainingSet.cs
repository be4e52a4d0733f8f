namespace Vae.MLNet.Classifiers;

/// <summary>Features [n, d] (row-major) with their labels, checked once for every trainer.</summary>
public sealed class TrainingSet
{
    /// <summary>Wraps the arrays.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, or fewer than two classes.</exception>
    public TrainingSet(float[] features, int dimensions, int[] labels)
    {
        if (dimensions < 1 || labels.Length == 0 || features.Length != (long)labels.Length * dimensions)
            throw new ArgumentException(
                $"features has {features.Length} values; {labels.Length} labels × "
                    + $"{dimensions} dimensions need {(long)labels.Length * dimensions}."
            );
        Features = features;
        Dimensions = dimensions;
        Labels = labels;
        Classes = labels.Distinct().Order().ToArray();
        if (Classes.Count < 2)
            throw new ArgumentException($"a classifier needs at least two classes; the labels hold {Classes.Count}.");
        var index = Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        ClassIndex = labels.Select(l => index[l]).ToArray();
    }

    /// <summary>Row-major [n, d].</summary>
    public float[] Features { get; }

    /// <summary>d.</summary>
    public int Dimensions { get; }

    /// <summary>n labels.</summary>
    public int[] Labels { get; }

    /// <summary>Distinct labels, ascending.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Per row, the position of its label in <see cref="Classes"/>.</summary>
    public int[] ClassIndex { get; }

    /// <summary>n.</summary>
    public int Count => Labels.Length;

    /// <summary>Row i.</summary>
    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Dimensions, Dimensions);
}

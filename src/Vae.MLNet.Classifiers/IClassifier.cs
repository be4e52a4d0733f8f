namespace Vae.MLNet.Classifiers;

/// <summary>A trained multiclass classifier over feature vectors (e.g. latent means μ), row-major [n, d].</summary>
public interface IClassifier
{
    /// <summary>The class labels, in the column order of <see cref="PredictProbabilities"/>.</summary>
    IReadOnlyList<int> Classes { get; }

    /// <summary>Class probabilities [n, classes] for each row of <paramref name="features"/> [n, d].</summary>
    float[] PredictProbabilities(ReadOnlySpan<float> features);

    /// <summary>The most probable label of each row (ties: the smallest label).</summary>
    int[] Predict(ReadOnlySpan<float> features)
    {
        var p = PredictProbabilities(features);
        int k = Classes.Count;
        return Enumerable.Range(0, p.Length / k).Select(i =>
        {
            var row = p.AsSpan(i * k, k);
            int best = 0;
            for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
            return Classes[best];
        }).ToArray();
    }
}

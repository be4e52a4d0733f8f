namespace Vae.MLNet;

/// <summary>
/// Silhouette coefficients (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation and
/// validation of cluster analysis"; Euclidean distance, exact): s(i) = (b − a) / max(a, b) with a the
/// mean distance to the other points of i's group and b the least mean distance to another group;
/// s(i) = 0 for a point alone in its group, as scikit-learn's <c>silhouette_samples</c>.
/// </summary>
/// <param name="Mean">Mean of <paramref name="PerSample"/>, in [−1, 1]: higher separates the groups better.</param>
/// <param name="PerSample">s(i) of every row, in row order.</param>
/// <param name="PerClass">Mean s(i) of each group, keyed by the label as text (e.g. "3" or a key value).</param>
public sealed record SilhouetteMetrics(double Mean, IReadOnlyList<double> PerSample, IReadOnlyDictionary<string, double> PerClass)
{
    /// <summary>Rows evaluated.</summary>
    public int Count => PerSample.Count;
}

namespace Vae.MLNet;

/// <summary>How well one set of features separates the classes of a test set.</summary>
/// <param name="Name">"latent μ", "PCA-d" or "raw pixels".</param>
/// <param name="Dimensions">Features per row.</param>
/// <param name="LogisticAccuracy">Test accuracy of ML.NET's L-BFGS multinomial logistic regression
/// (<c>LbfgsMaximumEntropy</c>, its defaults) trained on the training rows, in [0, 1].</param>
/// <param name="LogisticMacroF1">Its macro-averaged F1.</param>
/// <param name="KnnAccuracy">Test accuracy of a k-nearest-neighbour vote over the training rows (Euclidean, uniform
/// weights), in [0, 1].</param>
/// <param name="KnnMacroF1">Its macro-averaged F1.</param>
/// <param name="Silhouette">Silhouette coefficient of the first test rows grouped by class (Euclidean), in [−1, 1].</param>
public sealed record FeatureSetMetrics(
    string Name,
    int Dimensions,
    double LogisticAccuracy,
    double LogisticMacroF1,
    double KnnAccuracy,
    double KnnMacroF1,
    double Silhouette
);

/// <summary>
/// A featurizer's latent features beside the two baselines ML.NET gives for free: PCA with the same
/// number of components fitted on the training images (<c>ProjectToPrincipalComponents</c>), and the raw
/// pixels. All three go through the same classifiers and the same silhouette, on the same rows.
/// </summary>
/// <param name="Latent">The featurizer's column.</param>
/// <param name="Pca">PCA with as many components as the latent column has values.</param>
/// <param name="RawPixels">The image column itself.</param>
/// <param name="TrainRows">Rows that trained the classifiers (and the PCA).</param>
/// <param name="TestRows">Rows the accuracies are measured on.</param>
/// <param name="SilhouetteRows">First test rows the silhouettes cover.</param>
/// <param name="Neighbors">k of the k-NN probe.</param>
public sealed record FeatureComparisonMetrics(
    FeatureSetMetrics Latent,
    FeatureSetMetrics Pca,
    FeatureSetMetrics RawPixels,
    int TrainRows,
    int TestRows,
    int SilhouetteRows,
    int Neighbors
)
{
    /// <summary>The latent features classify better than PCA-d with both classifiers: the featurizer earns its place
    /// over ML.NET's PCA.</summary>
    public bool LatentBeatsPca => Latent.LogisticAccuracy > Pca.LogisticAccuracy && Latent.KnnAccuracy > Pca.KnnAccuracy;

    /// <summary>The feature sets in table order: latent, PCA, raw pixels.</summary>
    public IReadOnlyList<FeatureSetMetrics> All => [Latent, Pca, RawPixels];
}

namespace Vae.MLNet.Classifiers;

/// <summary>A trained multiclass classifier over feature vectors (e.g. latent means μ), row-major [n, d].</summary>
public interface IClassifier
{
    /// <summary>The class labels seen in training, ascending.</summary>
    IReadOnlyList<int> Classes { get; }

    /// <summary>The predicted label of each row of <paramref name="features"/> [n, d].</summary>
    int[] Predict(ReadOnlySpan<float> features);
}

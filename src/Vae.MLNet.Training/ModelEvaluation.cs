using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;

namespace Vae.MLNet.Training;

/// <summary>Quality figures of a trained VAE on a dataset, in nats per image.</summary>
public static class ModelEvaluation
{
    /// <summary>Default number of importance samples per image.</summary>
    public const int DefaultSamples = 64;

    /// <summary>
    /// Active units and KL per latent dimension of the model's encoder over <paramref name="data"/>
    /// (<see cref="Evaluation.LatentUnits"/>), encoded in batches of <see cref="EvaluationBatch.Size"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 images.</exception>
    public static Evaluation.LatentUnitStats LatentUnits(TorchVaeModel model, ImageDataset data)
    {
        int d = model.Spec.LatentSize;
        bool variational = model.Spec.Kind == Models.ModelKind.Variational;
        var (mu, logVar) = (new float[data.Count * d], variational ? new float[data.Count * d] : []);
        var buffer = new float[EvaluationBatch.Size * data.Shape.Size];
        for (int start = 0; start < data.Count; start += EvaluationBatch.Size)
        {
            int n = Math.Min(EvaluationBatch.Size, data.Count - start);
            data.CopyImages(start, n, buffer);
            model.Encode(
                buffer.AsSpan(0, n * data.Shape.Size),
                mu.AsSpan(start * d, n * d),
                variational ? logVar.AsSpan(start * d, n * d) : []
            );
        }
        return Evaluation.LatentUnits.Compute(mu, logVar, d);
    }

    /// <summary>
    /// Mean importance-weighted bound on −log p(x) over the dataset (Burda et al. 2015, eq. 8), with
    /// <paramref name="k"/> samples per image: the honest likelihood figure, ≤ the negative ELBO.
    /// </summary>
    /// <exception cref="TorchEngineException">The model is an AE or was trained with MSE.</exception>
    public static double ImportanceWeightedBound(TorchVaeModel model, ImageDataset data, int k = DefaultSamples)
    {
        double sum = 0;
        var buffer = new float[EvaluationBatch.Size * data.Shape.Size];
        for (int start = 0; start < data.Count; start += EvaluationBatch.Size)
        {
            int n = Math.Min(EvaluationBatch.Size, data.Count - start);
            data.CopyImages(start, n, buffer);
            sum += model.ImportanceWeightedBoundSum(buffer.AsSpan(0, n * data.Shape.Size), k);
        }
        return sum / data.Count;
    }
}

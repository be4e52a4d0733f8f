using Vae.MLNet.Data;

namespace Vae.MLNet.Scoring;

/// <summary>Streams image batches through an encoder into a latent file, holding one batch at a time.</summary>
internal static class BatchEncoder
{
    /// <summary>Encodes every batch and writes labels, μ and (when the model has it) log σ²; returns the image count.</summary>
    /// <param name="model">The ONNX model.</param>
    /// <param name="batches">Image batches, e.g. from the dataset loader of Vae.MLNet.Featurizer (<c>DatasetLoader.Stream</c>).</param>
    /// <param name="output">Latent file path; written atomically.</param>
    /// <param name="format">CSV or binary.</param>
    /// <param name="progress">Called with the images done so far after each batch.</param>
    /// <exception cref="DataFormatException">The images' shape is not the model's (nothing is left written).</exception>
    public static long Encode(
        OnnxVaeModel model,
        IEnumerable<ImageDataset> batches,
        string output,
        LatentFormat format,
        Action<long>? progress = null
    )
    {
        using var writer = new LatentFileWriter(output, format, model.LatentSize, model.HasLogVar);
        long done = 0;
        float[] mu = [],
            logVar = [];
        foreach (var batch in batches)
        {
            if (batch.Shape != model.Shape)
                throw new DataFormatException(
                    batch.Source,
                    $"the images are {batch.Shape.Describe()}, but the model takes {model.Shape.Describe()} images."
                );
            int n = batch.Count,
                size = n * model.LatentSize;
            if (mu.Length < size)
                (mu, logVar) = (new float[size], new float[size]);
            model.Encode(batch.Pixels, mu.AsMemory(0, size), model.HasLogVar ? logVar.AsMemory(0, size) : default);
            writer.Write(batch.Labels, mu.AsSpan(0, size), model.HasLogVar ? logVar.AsSpan(0, size) : default);
            done += n;
            progress?.Invoke(done);
        }
        writer.Complete();
        return done;
    }
}

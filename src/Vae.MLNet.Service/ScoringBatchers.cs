using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>Outputs of a batch: each array row-major [Rows, width of that output].</summary>
/// <param name="Arrays">The outputs, e.g. μ and log σ² for encode.</param>
/// <param name="Rows">Rows of every output.</param>
public sealed record RowOutputs(float[][] Arrays, int Rows)
{
    /// <summary>Rows [start, start + count) of every output.</summary>
    public RowOutputs Slice(int start, int count) =>
        new(Arrays.Select(a => a.AsSpan(start * (a.Length / Rows), count * (a.Length / Rows)).ToArray()).ToArray(), count);
}

/// <summary>The service's dynamic batchers, one per operation (<see cref="DynamicBatcher{TResult}"/>).</summary>
internal sealed class ScoringBatchers : IAsyncDisposable
{
    /// <summary>Batchers over a model folder's ONNX sessions and/or a served ML.NET model.</summary>
    public ScoringBatchers(OnnxVaeModel? model, PredictionModel? prediction, BatchingOptions options)
    {
        Options = options;
        if (model is not null)
        {
            int d = model.LatentSize;
            int size = model.Shape.Size;
            Encode = new(
                size,
                (images, n) =>
                {
                    var (mu, logVar) = (new float[n * d], model.HasLogVar ? new float[n * d] : []);
                    model.Encode(images, mu, logVar);
                    return new RowOutputs(model.HasLogVar ? [mu, logVar] : [mu], n);
                },
                (r, s, c) => r.Slice(s, c),
                options
            );
            Decode = new(
                d,
                (z, n) =>
                {
                    var images = new float[n * size];
                    model.Decode(z, images);
                    return new RowOutputs([images], n);
                },
                (r, s, c) => r.Slice(s, c),
                options
            );
            Reconstruct = new(
                size,
                (images, n) =>
                {
                    var mu = new float[n * d];
                    model.Encode(images, mu);
                    var decoded = new float[images.Length];
                    model.Decode(mu, decoded);
                    return new RowOutputs([decoded], n);
                },
                (r, s, c) => r.Slice(s, c),
                options
            );
        }
        if (prediction is not null)
            Predict = new(prediction.ImageSize, (images, _) => prediction.Predict(images), Slice, options);
    }

    /// <summary>The settings every batcher uses.</summary>
    public BatchingOptions Options { get; }

    /// <summary>Images → μ (and log σ²).</summary>
    public DynamicBatcher<RowOutputs>? Encode { get; }

    /// <summary>z → images.</summary>
    public DynamicBatcher<RowOutputs>? Decode { get; }

    /// <summary>Images → decoded μ.</summary>
    public DynamicBatcher<RowOutputs>? Reconstruct { get; }

    /// <summary>Images → the ML.NET model's predictions.</summary>
    public DynamicBatcher<PredictResponse>? Predict { get; }

    /// <summary>Ends every batcher's loop.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var batcher in new IAsyncDisposable?[] { Encode, Decode, Reconstruct, Predict })
            if (batcher is not null)
                await batcher.DisposeAsync();
    }

    private static PredictResponse Slice(PredictResponse r, int start, int count) =>
        new(r.PredictedLabels[start..(start + count)], r.Scores[start..(start + count)], r.Latents?[start..(start + count)], r.Classes);
}

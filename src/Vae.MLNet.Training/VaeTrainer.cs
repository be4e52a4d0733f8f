using Vae.MLNet.Data;
using Vae.MLNet.Torch;

namespace Vae.MLNet.Training;

/// <summary>
/// Trains a <see cref="TorchVaeModel"/> on images handed to the engine batch by batch. C# owns the
/// data, shuffling and bookkeeping; the engine owns the tensors and the optimizer.
/// </summary>
public sealed class VaeTrainer
{
    /// <summary>Images per evaluation batch (no gradients, so larger than training batches).</summary>
    public const int EvaluationBatchSize = 1024;

    private readonly TorchVaeModel _model;
    private readonly TrainingOptions _options;

    /// <summary>Prepares training of <paramref name="model"/> with the optimizer and learning rate of <paramref name="options"/>.</summary>
    /// <exception cref="TorchEngineException">The engine rejects the optimizer settings.</exception>
    public VaeTrainer(TorchVaeModel model, TrainingOptions options)
    {
        _model = model;
        _options = options;
        _model.SetOptimizer(options.Optimizer, options.LearningRate);
    }

    /// <summary>Runs all epochs; after each, measures the validation split (when not empty).</summary>
    /// <param name="train">Training images.</param>
    /// <param name="validation">Validation images; may be empty.</param>
    /// <param name="onBatch">Called after each optimizer step.</param>
    /// <param name="onEpoch">Called after each epoch with its figures.</param>
    /// <param name="cancel">Checked between batches.</param>
    public List<EpochMetrics> Fit(ImageDataset train, ImageDataset validation,
        Action<BatchProgress>? onBatch = null, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        var order = Enumerable.Range(0, train.Count).ToArray();
        var shuffle = new Random(_options.Seed);
        var history = new List<EpochMetrics>();
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var trainLoss = TrainEpoch(train, order, epoch, onBatch, cancel);
            double trainSeconds = started.Elapsed.TotalSeconds;
            VaeLoss? val = validation.Count > 0 ? Evaluate(validation) : null;
            var metrics = new EpochMetrics(epoch, trainLoss, val, started.Elapsed.TotalSeconds, train.Count / trainSeconds);
            history.Add(metrics);
            onEpoch?.Invoke(metrics);
        }
        return history;
    }

    /// <summary>Mean loss terms over a dataset (nats per image), one z sample per image, no gradients.</summary>
    public VaeLoss Evaluate(ImageDataset data)
    {
        var sums = new VaeLoss(0, 0, 0);
        for (int start = 0; start < data.Count; start += EvaluationBatchSize)
        {
            int n = Math.Min(EvaluationBatchSize, data.Count - start);
            var batch = data.Pixels.AsSpan(start * ImageDataset.PixelsPerImage, n * ImageDataset.PixelsPerImage);
            sums += _model.EvaluateSums(batch, _options.Beta, _options.Loss);
        }
        return sums / data.Count;
    }

    private VaeLoss TrainEpoch(ImageDataset train, int[] order, int epoch, Action<BatchProgress>? onBatch, CancellationToken cancel)
    {
        int batchSize = _options.BatchSize;
        int batches = (train.Count + batchSize - 1) / batchSize;
        var buffer = new float[batchSize * ImageDataset.PixelsPerImage];
        var sums = new VaeLoss(0, 0, 0);
        int seen = 0;
        for (int b = 0; b < batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            int start = b * batchSize, n = Math.Min(batchSize, train.Count - start);
            var batch = Gather(train, order.AsSpan(start, n), buffer);
            sums += _model.TrainStep(batch, _options.Beta, _options.Loss) * n;
            seen += n;
            onBatch?.Invoke(new BatchProgress(epoch, b + 1, batches, sums.Total / seen));
        }
        return sums / seen;
    }

    private static Span<float> Gather(ImageDataset data, ReadOnlySpan<int> indices, float[] buffer)
    {
        for (int i = 0; i < indices.Length; i++)
            data.Image(indices[i]).CopyTo(buffer.AsSpan(i * ImageDataset.PixelsPerImage));
        return buffer.AsSpan(0, indices.Length * ImageDataset.PixelsPerImage);
    }
}

using System.Diagnostics;
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// Trains a <see cref="TorchVaeModel"/> on images handed to the engine batch by batch. C# owns the
/// data, its order, the callbacks (early stopping, ReduceLROnPlateau, KL warm-up) and bookkeeping;
/// the engine owns the tensors, the optimizer and the noise generator. With the same seed, data and
/// thread count, training is deterministic, and a run resumed from any checkpoint continues exactly
/// as the uninterrupted run would have.
/// </summary>
public sealed class VaeTrainer
{
    private readonly TorchVaeModel _model;
    private readonly TrainingOptions _options;
    private readonly EarlyStopping? _earlyStopping;
    private readonly ReduceLrOnPlateau? _plateau;

    /// <summary>Prepares training of <paramref name="model"/> with the optimizer and learning rate of <paramref name="options"/>.</summary>
    /// <exception cref="TorchEngineException">The engine rejects the optimizer settings.</exception>
    public VaeTrainer(TorchVaeModel model, TrainingOptions options)
    {
        _model = model;
        _options = options;
        _model.SetOptimizer(options.Optimizer, options.LearningRate);
        _model.SetGradientClipping(options.ClipGradNorm);
        if (options.EarlyStoppingPatience > 0)
            _earlyStopping = new EarlyStopping(options.EarlyStoppingPatience, options.MinDelta);
        if (options.LrPatience > 0)
            _plateau = new ReduceLrOnPlateau(options.LrFactor, options.LrPatience, options.MinLearningRate);
    }

    /// <summary>The state of a run that has not started.</summary>
    public TrainerState InitialState => new() { LearningRate = _options.LearningRate };

    /// <summary>Trains from a fresh start. See <see cref="Continue"/>.</summary>
    public List<EpochMetrics> Fit(
        ImageDataset train,
        ImageDataset validation,
        ITrainingObserver? events = null,
        CancellationToken cancel = default
    ) => Continue(InitialState, train, validation, events, cancel).History;

    /// <summary>
    /// Trains from <paramref name="state"/> (fresh or restored with the checkpoint) until the last
    /// epoch (<see cref="TrainingOptions.EpochsFor"/> the training images) or an early stop. After
    /// each epoch, measures the validation split (when not empty) and applies the callbacks.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled between batches;
    /// <see cref="ITrainingObserver.OnCheckpoint"/> got the state first.</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss was NaN or infinite.</exception>
    public TrainerState Continue(
        TrainerState state,
        ImageDataset train,
        ImageDataset validation,
        ITrainingObserver? events = null,
        CancellationToken cancel = default
    )
    {
        events ??= new NoEvents();
        _model.SetLearningRate(state.LearningRate);
        int epochs = _options.EpochsFor(train.Count);
        while (!state.Finished && state.Epoch <= epochs)
        {
            state = TrainEpoch(state, train, epochs, events, cancel);
            state = EndEpoch(state, validation, epochs, events);
            events.OnCheckpoint(state);
        }
        return state;
    }

    /// <summary>Mean loss terms over a dataset (nats per image), one z sample per image, no gradients.</summary>
    public VaeLoss Evaluate(ImageDataset data)
    {
        var sums = new VaeLoss(0, 0, 0);
        var buffer = new float[EvaluationBatch.Size * data.Shape.Size];
        for (int start = 0; start < data.Count; start += EvaluationBatch.Size)
        {
            int n = Math.Min(EvaluationBatch.Size, data.Count - start);
            data.CopyImages(start, n, buffer);
            sums += _model.EvaluateSums(buffer.AsSpan(0, n * data.Shape.Size), _options.Beta, _options.Loss);
        }
        return sums / data.Count;
    }

    /// <summary>
    /// The order of the training images in an epoch: a permutation seeded by (seed, epoch), so any
    /// epoch's order can be rebuilt after a resume.
    /// </summary>
    public static int[] EpochOrder(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }

    private TrainerState TrainEpoch(TrainerState state, ImageDataset train, int epochs, ITrainingObserver events, CancellationToken cancel)
    {
        int batchSize = _options.BatchSizeFor(train.Count),
            batches = _options.BatchesPerEpoch(train.Count);
        var order = EpochOrder(train.Count, _options.Seed, state.Epoch);
        var buffer = new float[batchSize * train.Shape.Size];
        var (sums, seen) = (state.PartialSums, state.PartialImages);
        var clock = Stopwatch.StartNew();
        for (int b = state.NextBatch; b < batches; b++)
        {
            if (cancel.IsCancellationRequested)
            {
                events.OnCheckpoint(
                    state with
                    {
                        NextBatch = b,
                        PartialSums = sums,
                        PartialImages = seen,
                        PartialSeconds = state.PartialSeconds + clock.Elapsed.TotalSeconds,
                    }
                );
                cancel.ThrowIfCancellationRequested();
            }
            int start = b * batchSize,
                n = Math.Min(batchSize, train.Count - start);
            long step = (state.Epoch - 1L) * batches + b;
            if (_options.Schedule != LearningRateSchedule.Constant)
                state = state with { LearningRate = ScheduledRate(step, (long)epochs * batches) };
            var loss = _model.TrainStep(
                Gather(train, order.AsSpan(start, n), buffer),
                WarmedUpBeta(step, batches),
                _options.Loss,
                _options.FreeBits
            );
            if (!double.IsFinite(loss.Total))
                throw new TrainingDivergedException(state.Epoch, b, loss, state.LearningRate);
            sums += loss * n;
            seen += n;
            events.OnBatch(new BatchProgress(state.Epoch, b + 1, batches, sums.Total / seen));
        }
        return state with
        {
            NextBatch = batches,
            PartialSums = sums,
            PartialImages = seen,
            PartialSeconds = state.PartialSeconds + clock.Elapsed.TotalSeconds,
        };
    }

    private TrainerState EndEpoch(TrainerState state, ImageDataset validation, int epochs, ITrainingObserver events)
    {
        var clock = Stopwatch.StartNew();
        VaeLoss? val = validation.Count > 0 ? Evaluate(validation) : null;
        var metrics = new EpochMetrics(
            state.Epoch,
            state.PartialSums / state.PartialImages,
            val,
            state.PartialSeconds + clock.Elapsed.TotalSeconds,
            state.PartialImages / state.PartialSeconds,
            state.LearningRate
        );
        events.OnEpoch(metrics);
        var next = state with
        {
            Epoch = state.Epoch + 1,
            NextBatch = 0,
            PartialSums = default,
            PartialImages = 0,
            PartialSeconds = 0,
            History = [.. state.History, metrics],
        };
        if (val is { } v)
            next = ApplyCallbacks(next, state.Epoch, v.Total, events);
        return next.Epoch > epochs ? next with { Finished = true } : next;
    }

    private TrainerState ApplyCallbacks(TrainerState state, int epoch, double valLoss, ITrainingObserver events)
    {
        if (_earlyStopping is not null)
        {
            var (es, improved, stop) = _earlyStopping.Update(state.EarlyStopping, epoch, valLoss);
            state = state with { EarlyStopping = es };
            if (improved)
                events.OnBestEpoch(epoch);
            if (stop)
            {
                events.OnEarlyStop(epoch, es.BestEpoch);
                return state with
                {
                    Finished = true,
                    StopReason =
                        $"early stop at epoch {epoch}: no improvement of the validation loss by {_options.MinDelta} "
                        + $"for {_options.EarlyStoppingPatience} epochs; best epoch {es.BestEpoch}",
                };
            }
        }
        if (_plateau is not null)
        {
            var (plateau, lr) = _plateau.Update(state.Plateau, valLoss, state.LearningRate);
            if (lr != state.LearningRate)
            {
                _model.SetLearningRate(lr);
                events.OnNote($"epoch {epoch}: ReduceLROnPlateau: learning rate {state.LearningRate:G6} → {lr:G6}");
            }
            state = state with { Plateau = plateau, LearningRate = lr };
        }
        return state;
    }

    // The schedule's rate for this step, set on the optimizer; a function of the step alone, so a resumed run follows it exactly.
    private double ScheduledRate(long step, long totalSteps)
    {
        double lr = LearningRateSchedules.At(_options.Schedule, _options.LearningRate, _options.MinLearningRate, step, totalSteps);
        _model.SetLearningRate(lr);
        return lr;
    }

    // KL warm-up: β rises linearly from 0 to its target over the first KlWarmupEpochs epochs, step by step.
    private double WarmedUpBeta(long step, int batchesPerEpoch) =>
        _options.KlWarmupEpochs <= 0
            ? _options.Beta
            : _options.Beta * Math.Min(1.0, step / ((double)_options.KlWarmupEpochs * batchesPerEpoch));

    private static Span<float> Gather(ImageDataset data, ReadOnlySpan<int> indices, float[] buffer)
    {
        for (int i = 0; i < indices.Length; i++)
            data.CopyImages(indices[i], 1, buffer.AsSpan(i * data.Shape.Size));
        return buffer.AsSpan(0, indices.Length * data.Shape.Size);
    }

    private sealed class NoEvents : ITrainingObserver;
}

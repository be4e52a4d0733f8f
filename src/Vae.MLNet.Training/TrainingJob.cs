using Vae.MLNet.Data;
using Vae.MLNet.Torch;

namespace Vae.MLNet.Training;

/// <summary>Callbacks a front end (the CLI's progress bar) receives during <see cref="TrainingJob.Run"/>.</summary>
public interface ITrainingObserver
{
    /// <summary>Data loaded and split.</summary>
    void OnData(int train, int validation, int test);
    /// <summary>After every optimizer step.</summary>
    void OnBatch(BatchProgress progress);
    /// <summary>After every epoch.</summary>
    void OnEpoch(EpochMetrics metrics);
}

/// <summary>
/// The whole job behind <c>vae train</c>: load and split the data, build the model, train, evaluate
/// on the test split, fill the run folder (see <see cref="RunFolder"/>) and export the encoder
/// and decoder to ONNX (see <see cref="ModelExport"/>).
/// </summary>
public static class TrainingJob
{
    /// <summary>Runs the job.</summary>
    /// <param name="options">Validated first.</param>
    /// <param name="runDirectory">Created if missing; existing files of the same names are replaced.</param>
    /// <param name="observer">Progress callbacks; may be null.</param>
    /// <param name="cancel">Stops between batches.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="DataFormatException">The data is missing or malformed.</exception>
    /// <exception cref="TorchEngineException">The engine failed (e.g. CUDA on a CPU-only build).</exception>
    public static TrainingResult Run(TrainingOptions options, string runDirectory, ITrainingObserver? observer = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        TorchRuntime.EnsureDevice(options.Device); // fail before the (slow) data load
        var all = DatasetLoader.Load(options.Data, DataSplit.Train, options.MaxTrainImages);
        var test = DatasetLoader.Load(options.Data, DataSplit.Test, options.MaxTestImages);
        var (train, validation) = Split(all, options.ValidationFraction, options.Seed);
        observer?.OnData(train.Count, validation.Count, test.Count);

        TorchRuntime.SetThreads(options.Threads);
        TorchRuntime.ManualSeed((ulong)options.Seed);
        var run = new RunFolder(runDirectory);
        run.WriteOptions(options);
        using var model = TorchVaeModel.Create(options.Architecture(), options.Device);
        var trainer = new VaeTrainer(model, options);
        var epochs = new List<EpochMetrics>();
        trainer.Fit(train, validation, observer is null ? null : observer.OnBatch, m =>
        {
            epochs.Add(m);
            run.WriteMetrics(epochs);
            model.Save(run.File(RunFolder.CheckpointFile));
            observer?.OnEpoch(m);
        }, cancel);

        var result = new TrainingResult(epochs, trainer.Evaluate(test), train.Count, validation.Count, test.Count);
        run.WriteResult(result);
        run.WriteReconstructions(model, test);
        ModelExport.Export(model, options, run, result);
        return result;
    }

    /// <summary>
    /// Splits off a seeded random validation set of round(fraction × count) images; the rest,
    /// in original order, is the training set.
    /// </summary>
    public static (ImageDataset Train, ImageDataset Validation) Split(ImageDataset data, double fraction, int seed)
    {
        int validationCount = (int)Math.Round(data.Count * fraction);
        var order = Enumerable.Range(0, data.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = order[..validationCount];
        var train = order[validationCount..];
        Array.Sort(validation);
        Array.Sort(train);
        return (data.Select(train), data.Select(validation));
    }
}

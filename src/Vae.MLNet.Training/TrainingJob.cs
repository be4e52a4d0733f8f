using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>
/// The whole job behind <c>vae train</c>: load and split the data, build the model, train (or resume
/// from a run folder's checkpoint), evaluate on the test split, fill the run folder (see
/// <see cref="RunFolder"/>) and export the encoder and decoder to ONNX (see <see cref="ModelExport"/>).
/// A checkpoint is written atomically at the end of every epoch and when the job is cancelled.
/// </summary>
public static class TrainingJob
{
    /// <summary>Starts a new run.</summary>
    /// <param name="options">The hyperparameters; validated first.</param>
    /// <param name="dataset">The data to train, validate and test on; validated first.</param>
    /// <param name="runDirectory">Created if missing; it must be missing or empty (<see cref="RunFolder.RequireNew"/>).
    /// Removed again if the job fails before its first checkpoint.</param>
    /// <param name="observer">Progress callbacks; may be null.</param>
    /// <param name="cancel">Stops after the current batch, with a checkpoint to resume from.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the folder holds a run or other files.</exception>
    /// <exception cref="DataFormatException">The data is missing, malformed, or too small to train on.</exception>
    /// <exception cref="TorchEngineException">The engine failed (e.g. CUDA on a CPU-only build).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint holds the position.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite; the last epoch's checkpoint is kept.</exception>
    public static TrainingResult Run(
        TrainingOptions options,
        DatasetOptions dataset,
        string runDirectory,
        ITrainingObserver? observer = null,
        CancellationToken cancel = default
    )
    {
        options.Validate();
        dataset.Validate();
        RunFolder.RequireNew(runDirectory);
        TorchRuntime.EnsureDevice(options.Device); // fail before anything is created or read
        // Creating the folder and taking its lock decide which process owns a new folder: only the one whose mkdir
        // made it, and that then holds its lock, may remove it on failure (three trainers started at once on one new
        // folder once left two writing into it, after the third had deleted it).
        bool created = RunFolder.CreateIfMissing(runDirectory);
        using var runLock = RunLock.Acquire(runDirectory);
        try
        {
            RunFolder.RequireNew(runDirectory); // again, under the lock: a run may have finished there meanwhile
            return Execute(options, dataset, runDirectory, resume: false, observer, cancel);
        }
        catch (Exception e)
            when (created
                && e is not (OperationCanceledException or TrainingDivergedException)
                && !File.Exists(Path.Combine(runDirectory, RunFolder.CheckpointFile))
            )
        {
            if (Directory.Exists(runDirectory))
                Directory.Delete(runDirectory, recursive: true); // nothing half-written left behind
            throw;
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its last checkpoint, with its own options and the
    /// changes <paramref name="changes"/> allows (more epochs; options.json and train.log record them). A run stopped
    /// before its first checkpoint starts again in place from epoch 1 (said through
    /// <see cref="ITrainingObserver.OnNote"/> and in train.log).
    /// </summary>
    /// <param name="runDirectory">A run folder of <see cref="Run"/>.</param>
    /// <param name="observer">Progress callbacks; may be null.</param>
    /// <param name="cancel">Stops after the current batch, with a checkpoint to resume from.</param>
    /// <param name="changes">What to change; null changes nothing.</param>
    /// <exception cref="FileNotFoundException">The folder has no options.json.</exception>
    /// <exception cref="InvalidDataException">options.json differs from the options the checkpoint recorded, in a field
    /// <paramref name="changes"/> does not set (each such field is named, with both values).</exception>
    /// <exception cref="ArgumentException">A change does not fit the run (e.g. fewer epochs than it has finished).</exception>
    /// <exception cref="TorchEngineException">The checkpoint is damaged (its checksum does not match) or unreadable.</exception>
    public static TrainingResult Resume(
        string runDirectory,
        ITrainingObserver? observer = null,
        CancellationToken cancel = default,
        ResumeOptions? changes = null
    )
    {
        changes ??= new ResumeOptions();
        var folder = RunFolder.Open(runDirectory);
        var options = folder.ReadOptions();
        var dataset = folder.ReadDataset();
        TorchRuntime.EnsureDevice(options.Device); // fail before the (slow) data load
        folder.RequireWritable();
        using var runLock = RunLock.Acquire(runDirectory); // one training process per folder
        var log = new RunLog(folder.File(RunLog.FileName));
        string checkpoint = folder.File(RunFolder.CheckpointFile);
        bool hasCheckpoint = File.Exists(checkpoint);
        var saved = hasCheckpoint ? TrainerState.FromJson(TorchVaeModel.ReadCallerState(checkpoint), checkpoint) : null;
        var changed = ResumeChanges.Apply(changes, options, saved, folder);
        if (changed != options)
        {
            folder.WriteOptions(changed, dataset, folder.ReadImageShape());
            Say(log, observer, ResumeChanges.Describe(options, changed));
        }
        if (!hasCheckpoint)
            Say(log, observer, "resume: no epoch had finished (no checkpoint); starting again from epoch 1 with the run's own options");
        return Execute(changed, dataset, runDirectory, resume: hasCheckpoint, observer, cancel);
    }

    private static void Say(RunLog log, ITrainingObserver? observer, string note)
    {
        log.Write(note);
        observer?.OnNote(note);
    }

    // Options are checked by the caller: Run with their properties' names, Resume as options.json's fields. The caller
    // holds the folder's lock.
    private static TrainingResult Execute(
        TrainingOptions options,
        DatasetOptions dataset,
        string runDirectory,
        bool resume,
        ITrainingObserver? observer,
        CancellationToken cancel
    )
    {
        var (train, validation) = ValidationSplit.Load(
            dataset,
            options.ValidationFraction,
            options.Seed,
            (done, total) => observer?.OnLoading(DataSplit.Train, done, total)
        );
        var test = ValidationSplit.LoadTest(dataset, (done, total) => observer?.OnLoading(DataSplit.Test, done, total));
        // Reading left tens of MB of batch buffers for the GC; give them back before libtorch's
        // allocations join them (the main job's peak memory: docs/benchmarks.md).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        observer?.OnData(train.Count, validation.Count, test.Count);

        var run = new RunFolder(runDirectory);
        var shape = CheckShapes(run, resume, dataset, train, test);
        int threads = TorchRuntime.SetThreads(options.Threads);
        var log = new RunLog(run.File(RunLog.FileName));
        using var model = TorchVaeModel.Create(options.Architecture(shape), options.Device, (ulong)options.Seed);
        var trainer = new VaeTrainer(model, options);
        var state = resume
            ? Restore(model, options, train.Count, run, log, observer)
            : Start(trainer, options, dataset, shape, run, log, threads, train.Count);
        if (state.Threads > 0 && state.Threads != threads)
            TorchRuntime.SetThreads(state.Threads); // results depend on it
        var events = new RunEvents(model, run, log, observer);
        try
        {
            state = trainer.Continue(state, train, validation, events, cancel);
        }
        catch (OperationCanceledException)
        {
            log.Write("interrupted; checkpoint saved; the run can be resumed from " + run.Path);
            throw;
        }
        catch (TrainingDivergedException e)
        {
            var kept = File.Exists(run.File(RunFolder.CheckpointFile))
                ? e.WithNote($"The last good checkpoint is kept: {run.File(RunFolder.CheckpointFile)}.")
                : e.WithNote("No epoch had finished, so there is no checkpoint.");
            log.Write("stopped: " + kept.Message);
            throw kept;
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            Stopped(log, e);
            throw;
        }
        try
        {
            return Finish(model, trainer, options, state, run, log, test, train.Count, validation.Count);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            Stopped(log, e);
            throw;
        }
    }

    // A checkpoint, metrics file or export that cannot be written (a full disk, a file replaced by a folder).
    private static bool IsWriteFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or TorchEngineException { Code: TorchErrorCode.Io };

    // The log says why the run stopped, if it still can be written (on a full disk it may not).
    private static void Stopped(RunLog log, Exception e)
    {
        try
        {
            log.Write($"stopped: {e.Message}; the last checkpoint is kept, and the run can be resumed once the cause is fixed");
        }
        catch (Exception unwritable) when (IsWriteFailure(unwritable)) { }
    }

    // One shape for the training and test images, and on resume the run's own.
    private static ImageShape CheckShapes(RunFolder run, bool resume, DatasetOptions dataset, ImageDataset train, ImageDataset test)
    {
        if (test.Shape != train.Shape)
            throw new DataFormatException(
                dataset.Path,
                $"the test images are {test.Shape.Describe()} but the training images are {train.Shape.Describe()}; "
                    + "a run trains and tests on one shape."
            );
        if (resume && run.ReadImageShape() is var recorded && recorded != train.Shape)
            throw new DataFormatException(
                dataset.Path,
                $"the images are {train.Shape.Describe()}, but the run in {run.Path} was trained on {recorded.Describe()} "
                    + $"({RunFolder.OptionsFile}, field '{RunFolder.ImageShapeField}')."
            );
        return train.Shape;
    }

    private static TrainerState Start(
        VaeTrainer trainer,
        TrainingOptions options,
        DatasetOptions dataset,
        ImageShape shape,
        RunFolder run,
        RunLog log,
        int threads,
        int trainImages
    )
    {
        run.WriteOptions(options, dataset, shape);
        log.Write(
            $"start: {options.Preset} {options.Kind} d={options.LatentSize}, β={options.Beta}, {options.EpochsFor(trainImages)} epochs"
                + (options.Epochs == TrainingOptions.AutomaticEpochs ? " (automatic)" : "")
                + ", "
                + $"{options.Optimizer.Name()} lr={options.LearningRate}, batch {options.BatchSizeText(trainImages)}"
                + $", seed {options.Seed}, {threads} threads"
                + (options.Threads == 0 ? $" (default: the {TorchRuntime.DefaultThreads()} cores available to the process)" : "")
        );
        // Results depend on the kernels as on the thread count: the log says which ran.
        log.Write($"matrix products: {TorchRuntime.MatrixProductKernels}");
        return trainer.InitialState with { Threads = threads, Options = options };
    }

    private static TrainerState Restore(
        TorchVaeModel model,
        TrainingOptions options,
        int trainImages,
        RunFolder run,
        RunLog log,
        ITrainingObserver? observer
    )
    {
        string checkpoint = run.File(RunFolder.CheckpointFile);
        var state = TrainerState.FromJson(model.Load(checkpoint), checkpoint) with { Options = options };
        // A run finished at its last epoch goes on when it was given more (ResumeOptions.Epochs).
        if (state.Finished && state.StopReason is null && state.History.Count < options.EpochsFor(trainImages))
            state = state with { Finished = false };
        string message = state.Finished
            ? "resume: training had finished; redoing the final evaluation and export"
            : $"resume from epoch {state.Epoch}, batch {state.NextBatch + 1} (learning rate "
                + $"{state.LearningRate:G6}, {(state.Threads > 0 ? state.Threads : TorchRuntime.Threads)} threads)";
        log.Write(message);
        observer?.OnNote(message);
        return state;
    }

    private static TrainingResult Finish(
        TorchVaeModel model,
        VaeTrainer trainer,
        TrainingOptions options,
        TrainerState state,
        RunFolder run,
        RunLog log,
        ImageDataset test,
        int trainCount,
        int validationCount
    )
    {
        if (state.StopReason is not null && options.RestoreBestWeights && File.Exists(run.File(RunFolder.BestCheckpointFile)))
        {
            model.Load(run.File(RunFolder.BestCheckpointFile));
            log.Write($"restored the weights of the best epoch {state.EarlyStopping.BestEpoch}");
        }
        var result = new TrainingResult(state.History, trainer.Evaluate(test), trainCount, validationCount, test.Count)
        {
            LatentUnits = test.Count >= 2 ? ModelEvaluation.LatentUnits(model, test) : null,
        };
        run.WriteResult(result);
        ReconstructionsPicture.Write(run, model, test);
        ModelExport.Export(model, options, run, result);
        log.Write(
            $"finished: {state.History.Count} epochs; test negative ELBO {result.Test.Reconstruction + result.Test.Kl:F2} nats/image"
        );
        if (result.LatentUnits is { Collapsed: true } units)
            log.Write("warning: " + CollapseWarning(units));
        return result;
    }

    /// <summary>
    /// What to say of a run whose latent code has collapsed (<see cref="LatentUnitStats.Collapsed"/>),
    /// with the remedies in the order to try them.
    /// </summary>
    public static string CollapseWarning(LatentUnitStats units) =>
        $"posterior collapse: only {units.ActiveCount} of {units.Active.Length} latent units carry information "
        + $"(mean KL ≥ {Evaluation.LatentUnits.KlThreshold} nats over the test images); the latent means will classify poorly. "
        + $"Remedies: train the default preset ('{TrainingOptions.DefaultPreset}'), "
        + $"keep free bits on (TrainingOptions.FreeBits {TrainingOptions.DefaultFreeBits}), "
        + "warm the KL term up (TrainingOptions.KlWarmupEpochs 3), or lower TrainingOptions.LearningRate.";

    /// <summary>Connects the trainer's events to the run folder, its log and the front end.</summary>
    private sealed class RunEvents(TorchVaeModel model, RunFolder run, RunLog log, ITrainingObserver? observer) : ITrainingObserver
    {
        public void OnBatch(BatchProgress progress) => observer?.OnBatch(progress);

        public void OnEpoch(EpochMetrics metrics) => observer?.OnEpoch(metrics);

        public void OnCheckpoint(TrainerState state)
        {
            model.Save(run.File(RunFolder.CheckpointFile), state.ToJson());
            run.WriteMetrics(state.History);
            if (state.NextBatch == 0 && state.History.Count > 0)
                log.Write($"epoch {state.History[^1].Epoch} done: {Describe(state.History[^1])}");
            observer?.OnCheckpoint(state);
        }

        public void OnBestEpoch(int epoch)
        {
            model.Save(run.File(RunFolder.BestCheckpointFile));
            observer?.OnBestEpoch(epoch);
        }

        public void OnEarlyStop(int epoch, int bestEpoch)
        {
            observer?.OnEarlyStop(epoch, bestEpoch);
            OnNote($"early stop after epoch {epoch}: best validation loss at epoch {bestEpoch}");
        }

        public void OnNote(string message)
        {
            log.Write(message);
            observer?.OnNote(message);
        }

        private static string Describe(EpochMetrics m) =>
            $"train {m.Train.Total:F2}"
            + (m.Validation is { } v ? $", validation {v.Total:F2}" : "")
            + $" nats/image, lr {m.LearningRate:G6}";
    }
}

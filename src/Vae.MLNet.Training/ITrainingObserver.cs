using Vae.MLNet.Data;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Training;

/// <summary>Progress within an epoch: batches done and the running mean training loss (nats per image).</summary>
public readonly record struct BatchProgress(int Epoch, int Batch, int Batches, double RunningTotal);

/// <summary>
/// What a training run reports as it goes, to a front end (the CLI's progress bar, a sample's epoch
/// lines) or to the job that keeps the run folder: <see cref="VaeTrainer"/> raises the training
/// events, <see cref="TrainingJob"/> adds <see cref="OnData"/> and forwards the rest. Every member
/// has an empty default, so an observer implements only what it shows.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>While a folder of images is decoded (by <see cref="TrainingJob"/>): images decoded so far of the training
    /// split (training and validation sets together) or of the test split, every 256 images and at the end.</summary>
    void OnLoading(DataSplit split, int decoded, int total) { }

    /// <summary>Data loaded and split (by <see cref="TrainingJob"/>; a bare trainer never raises it).</summary>
    void OnData(int train, int validation, int test) { }

    /// <summary>After every optimizer step.</summary>
    void OnBatch(BatchProgress progress) { }

    /// <summary>After every epoch, before its checkpoint.</summary>
    void OnEpoch(EpochMetrics metrics) { }

    /// <summary>A resumable state: at the end of every epoch, and when interrupted mid-epoch.</summary>
    void OnCheckpoint(TrainerState state) { }

    /// <summary>The validation loss improved (early stopping keeps these weights as the best).</summary>
    void OnBestEpoch(int epoch) { }

    /// <summary>Early stopping ended training; restore the best weights if wanted.</summary>
    void OnEarlyStop(int epoch, int bestEpoch) { }

    /// <summary>An event worth a line in the run log (resume, learning-rate change, early stop).</summary>
    void OnNote(string message) { }
}

using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

namespace Vae.MLNet;

/// <summary>
/// Trains a VAE (or AE) on TorchSharp inside <c>VaeFeaturizer</c>'s <c>Fit</c>, with any of the
/// trainer's options, and writes a model folder (options.json, metrics, checkpoint.pt,
/// encoder.onnx, decoder.onnx) that the featurizer then scores with ML.NET's ApplyOnnxModel.
/// </summary>
/// <example><code>
/// var featurizer = mlContext.Transforms.VaeFeaturizer(new VaeFeaturizerOptions
/// {
///     Trainer = new VaeModelTrainer(new TrainingOptions { Preset = Presets.ConvLeaky, LatentSize = 10, Epochs = 3 }, "runs/featurizer"),
/// });
/// </code></example>
public sealed class VaeModelTrainer : IVaeModelTrainer
{
    private readonly TrainingOptions _options;

    /// <summary>Checks the options now (a CUDA device on this CPU-only build fails here, before any data is read).</summary>
    /// <param name="options">Architecture, loss, β, optimizer, epochs, seed, threads, device (the images are Fit's).</param>
    /// <param name="outputDirectory">The model folder to write; it must not hold a model already.</param>
    /// <param name="progress">Epoch and batch progress; null for none.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the folder already holds a model.</exception>
    /// <exception cref="TorchEngineException">The device is not available in this build (the message says which
    /// packages provide it).</exception>
    public VaeModelTrainer(TrainingOptions options, string outputDirectory, ITrainingObserver? progress = null)
    {
        options.Validate();
        TorchRuntime.EnsureDevice(options.Device);
        if (File.Exists(Path.Combine(outputDirectory, OnnxContract.EncoderFile)))
            throw new ArgumentException(
                $"VaeModelTrainer: '{outputDirectory}' already holds a model; "
                    + "choose another folder (a finished model is never overwritten).",
                nameof(outputDirectory)
            );
        (_options, OutputDirectory, Progress) = (options, outputDirectory, progress);
    }

    /// <summary>The model folder written by <see cref="Train"/>.</summary>
    public string OutputDirectory { get; }

    /// <summary>Progress of training, or null.</summary>
    public ITrainingObserver? Progress { get; }

    /// <summary>Per-epoch losses (nats per image) of the last <see cref="Train"/>.</summary>
    public IReadOnlyList<EpochMetrics> History { get; private set; } = [];

    /// <inheritdoc />
    /// <exception cref="DataFormatException">No images, or too few for the validation split.</exception>
    /// <exception cref="ArgumentException">images is not a whole number of images of <paramref name="shape"/>, or the
    /// preset does not take that shape.</exception>
    public string Train(float[] images, ImageShape shape, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Length / shape.Size < 2)
            throw new DataFormatException(source, $"holds {images.Length / shape.Size} images; training needs at least 2.");
        var data = new ImageDataset(images, new int[images.Length / shape.Size], source, shape);
        var (train, validation) = ValidationSplit.Split(data, _options.ValidationFraction, _options.Seed);
        var options = _options;
        TorchRuntime.SetThreads(options.Threads);
        using var model = TorchVaeModel.Create(options.Architecture(shape), options.Device, (ulong)options.Seed);
        History = new VaeTrainer(model, options).Fit(train, validation, Progress);
        var run = new RunFolder(OutputDirectory);
        run.WriteOptions(options, new DatasetOptions { Path = source }, shape);
        run.WriteMetrics(History);
        model.Save(run.File(RunFolder.CheckpointFile));
        ModelExport.Export(model, options, run, result: null);
        return run.Path;
    }
}

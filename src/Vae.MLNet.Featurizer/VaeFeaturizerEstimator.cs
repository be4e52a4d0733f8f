using Vae.MLNet.Data;
using Vae.MLNet.Onnx;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Training;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Featurizer;

/// <summary>
/// Fits a VAE featurizer: wraps an exported model (its ONNX files) or trains one on the image column
/// of the data given to <see cref="Fit"/> (libtorch, through <see cref="VaeTrainer"/>), then exports it
/// to ONNX in memory. The fitted <see cref="VaeFeaturizerTransformer"/> scores with ONNX Runtime.
/// </summary>
public sealed class VaeFeaturizerEstimator : IEstimator<VaeFeaturizerTransformer>
{
    private readonly VaeFeaturizerOptions _options;
    private readonly TrainingOptions _training;

    /// <summary>Checks the options (a model folder is checked for its two files now).</summary>
    /// <param name="options">The options.</param>
    /// <param name="seed">Training seed when <see cref="VaeFeaturizerOptions.Training"/> is null (the context's).</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The model folder lacks encoder.onnx or decoder.onnx.</exception>
    /// <exception cref="TorchEngineException">Training on "cuda" asked of a CPU-only build (the message says how to get CUDA).</exception>
    public VaeFeaturizerEstimator(VaeFeaturizerOptions options, int seed = 0)
    {
        _options = options;
        _training = options.Training ?? new TrainingOptions { Seed = seed };
        if (options.ModelDirectory is { } dir)
        {
            foreach (var file in new[] { OnnxContract.EncoderFile, OnnxContract.DecoderFile })
                if (!File.Exists(Path.Combine(dir, file)))
                    throw new FileNotFoundException($"{Path.Combine(dir, file)} not found: ModelDirectory must hold {OnnxContract.EncoderFile} and {OnnxContract.DecoderFile} (a 'vae train' run folder).");
        }
        else
        {
            _training.Validate();
            TorchRuntime.EnsureDevice(_training.Device); // "cuda" on a CPU-only build fails here, not after loading data
        }
    }

    /// <inheritdoc />
    public VaeFeaturizerTransformer Fit(IDataView input)
    {
        var image = BindImage(input.Schema);
        if (_options.ModelDirectory is { } dir)
            return new VaeFeaturizerTransformer(File.ReadAllBytes(Path.Combine(dir, OnnxContract.EncoderFile)),
                File.ReadAllBytes(Path.Combine(dir, OnnxContract.DecoderFile)), _options, history: []);
        var (pixels, _) = RowBatches.ReadFloats(input, image.Name, "image column of VaeFeaturizer");
        var data = new ImageDataset(pixels, new int[pixels.Length / ImageDataset.PixelsPerImage], "the data given to VaeFeaturizer.Fit");
        var (train, validation) = TrainingJob.Split(data, _training.ValidationFraction, _training.Seed);
        TorchRuntime.SetThreads(_training.EngineThreads);
        using var model = TorchVaeModel.Create(_training.Architecture(), _training.Device, (ulong)_training.Seed);
        var history = new VaeTrainer(model, _training).Fit(train, validation, _options.Progress);
        var (encoder, decoder) = ModelExport.ToOnnx(model, _training with { Data = data.Source }, result: null);
        return new VaeFeaturizerTransformer(encoder, decoder, _options, history);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        BindImage(inputSchema);
        int d = _options.ModelDirectory is null ? _training.LatentSize : 0; // a wrapped model's d is known once opened in Fit
        return inputSchema.With(VaeFeaturizerTransformer.Columns(_options, d));
    }

    private DataViewSchema.Column BindImage(DataViewSchema schema) =>
        SchemaCheck.Require(schema, _options.ImageColumnName, "image column of VaeFeaturizer", VaeFeaturizerTransformer.ImageType);
}

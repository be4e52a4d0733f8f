using System.Text.Json;
using Vae.MLNet.Data;
using Vae.MLNet.Pipeline;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;
using Vae.MLNet.Pipeline.Transforms;
using Vae.MLNet.Scoring;
using Vae.MLNet.Training;

namespace Vae.MLNet.Featurizer;

/// <summary>
/// A fitted VAE featurizer. Reads images (<c>Vector&lt;Single, 784&gt;</c>, [1, 28, 28], float32 in
/// [0, 1]) and adds, batch by batch through ONNX Runtime: the latent mean μ (<c>Vector&lt;Single, d&gt;</c>),
/// optionally log σ², and the per-image reconstruction loss at z = μ (Single; see
/// <see cref="ReconstructionError"/>; needs one decoder run per batch, skipped when not read).
/// Thread-safe; dispose it to release the ONNX Runtime sessions.
/// </summary>
public sealed class VaeFeaturizerTransformer : RowMappingTransformer, IDisposable
{
    /// <summary>The image column's type.</summary>
    public static VectorDataViewType ImageType { get; } = new(NumberDataViewType.Single, ImageDataset.PixelsPerImage);

    private readonly byte[] _encoder;
    private readonly byte[] _decoder;
    private readonly VaeFeaturizerOptions _options;

    internal VaeFeaturizerTransformer(byte[] encoder, byte[] decoder, VaeFeaturizerOptions options, IReadOnlyList<EpochMetrics> history)
    {
        (_encoder, _decoder, _options, History) = (encoder, decoder, options, history);
        Model = OnnxVaeModel.FromBytes(encoder, decoder, new OnnxScoringOptions { IntraOpThreads = options.IntraOpThreads });
        if (options.LatentLogVarColumnName is not null && !Model.HasLogVar)
        {
            Model.Dispose();
            throw new ArgumentException($"LatentLogVarColumnName '{options.LatentLogVarColumnName}' asks for log σ², but the model is an autoencoder (no log_var output).");
        }
        OutputColumns = Columns(options, Model.LatentSize);
    }

    /// <summary>The ONNX encoder and decoder (also usable to decode or generate).</summary>
    public OnnxVaeModel Model { get; }

    /// <summary>Latent size d.</summary>
    public int LatentSize => Model.LatentSize;

    /// <summary>Per-epoch losses (nats per image) when Fit trained the model; empty for a wrapped or loaded one.</summary>
    public IReadOnlyList<EpochMetrics> History { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, DataViewType Type, IReadOnlyList<int>? SlotLabels)> OutputColumns { get; }

    /// <inheritdoc />
    protected override string ComponentName => "VaeFeaturizer";

    internal static List<(string, DataViewType, IReadOnlyList<int>?)> Columns(VaeFeaturizerOptions options, int d)
    {
        var latent = new VectorDataViewType(NumberDataViewType.Single, d);
        var columns = new List<(string, DataViewType, IReadOnlyList<int>?)> { (options.LatentColumnName, latent, null) };
        if (options.LatentLogVarColumnName is { } logVar) columns.Add((logVar, latent, null));
        if (options.ReconstructionErrorColumnName is { } error) columns.Add((error, NumberDataViewType.Single, null));
        return columns;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<DataViewSchema.Column> BindInputs(DataViewSchema inputSchema) =>
        [SchemaCheck.Require(inputSchema, _options.ImageColumnName, "image column of VaeFeaturizer", ImageType)];

    /// <inheritdoc />
    protected override Array?[] Map(RowBatch batch, IReadOnlyList<DataViewSchema.Column> inputs, bool[] wanted)
    {
        var images = batch.Floats(inputs[0].Index);
        int n = batch.Count, d = LatentSize;
        var mu = new float[n * d];
        bool logVarWanted = _options.LatentLogVarColumnName is not null && wanted[1];
        var logVar = logVarWanted ? new float[n * d] : null;
        Model.Encode(images, mu, logVar);
        var outputs = new List<Array?> { mu };
        if (_options.LatentLogVarColumnName is not null) outputs.Add(logVar);
        if (_options.ReconstructionErrorColumnName is not null)
            outputs.Add(wanted[^1] ? Error(images, mu) : null);
        return outputs.ToArray();
    }

    private float[] Error(float[] images, float[] mu)
    {
        var decoded = new float[images.Length];
        Model.Decode(mu, decoded);
        var error = Model.Loss == "mse"
            ? ReconstructionError.SquaredError(images, decoded, ImageDataset.PixelsPerImage)
            : ReconstructionError.BinaryCrossEntropy(images, decoded, ImageDataset.PixelsPerImage);
        return Array.ConvertAll(error, e => (float)e);
    }

    /// <summary>
    /// Negative ELBO, its terms and the importance-weighted bound on −log p(x) (Burda et al. 2015)
    /// of the images in <paramref name="data"/>, in nats per image, from the ONNX files (see <see cref="ModelLikelihood"/>).
    /// </summary>
    /// <param name="data">Holds the image column.</param>
    /// <param name="k">Samples of z per image.</param>
    /// <param name="seed">Seed of the samples.</param>
    /// <exception cref="SchemaMismatchException">The image column is missing or not Vector&lt;Single, 784&gt;.</exception>
    public LikelihoodEstimate EvaluateLikelihood(IDataView data, int k = ModelLikelihood.DefaultSamples, int seed = 0)
    {
        var image = BindInputs(data.Schema)[0];
        var batches = RowBatches.Read(data, [image.Index]).Select(b => (ReadOnlyMemory<float>)b.Floats(image.Index));
        return ModelLikelihood.Evaluate(Model, batches, k, seed);
    }

    /// <inheritdoc />
    public override void Save(ModelSaveContext context)
    {
        context.WriteBytes("encoder.onnx", _encoder);
        context.WriteBytes("decoder.onnx", _decoder);
        context.WriteText("columns.json", JsonSerializer.Serialize(new SavedColumns(_options.ImageColumnName, _options.LatentColumnName,
            _options.LatentLogVarColumnName, _options.ReconstructionErrorColumnName)));
    }

    /// <summary>Rebuilds a featurizer written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">An entry is missing or malformed.</exception>
    public static VaeFeaturizerTransformer Load(ModelLoadContext context)
    {
        var columns = JsonSerializer.Deserialize<SavedColumns>(context.ReadText("columns.json"))
            ?? throw new InvalidDataException($"{context.Source}: featurizer columns.json is empty.");
        var options = new VaeFeaturizerOptions
        {
            ImageColumnName = columns.Image, LatentColumnName = columns.Latent,
            LatentLogVarColumnName = columns.LatentLogVar, ReconstructionErrorColumnName = columns.ReconstructionError,
        };
        return new VaeFeaturizerTransformer(context.ReadBytes("encoder.onnx"), context.ReadBytes("decoder.onnx"), options, []);
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose() => Model.Dispose();

    private sealed record SavedColumns(string Image, string Latent, string? LatentLogVar, string? ReconstructionError);
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Models;
using Vae.MLNet.Onnx;
using Vae.MLNet.Scoring;

namespace Vae.MLNet;

/// <summary>
/// Adds a VAE's latent means μ (and optionally log σ² and the reconstruction error) computed from an
/// image column. <see cref="Fit"/> returns a chain of ML.NET's own transformers, as ML.NET's
/// <c>DnnImageFeaturizerEstimator</c> does: <c>CopyColumns</c> → <c>ApplyOnnxModel</c> over the
/// model folder's per-image featurizer graph (<see cref="FeaturizerGraph"/>) → <c>CopyColumns</c> →
/// <c>DropColumns</c>. So <c>mlContext.Model.Save</c> and <c>Load</c> round-trip the fitted pipeline
/// with the ONNX bytes inside the model file, and a loaded model needs only Microsoft.ML and
/// Microsoft.ML.OnnxTransformer (no code of this package).
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Estimator characteristics</term><description></description></listheader>
/// <item><term>Does this estimator need to look at the data to train its parameters?</term><description>No when it
/// wraps a model folder; yes with <see cref="VaeFeaturizerOptions.Trainer"/> (it trains a VAE on the image
/// column).</description></item>
/// <item><term>Input column data type</term><description>Vector of <see cref="float"/>, size C·H·W of the model's image
/// shape (784 for 28×28 grayscale): one image [C, H, W] row-major, in [0, 1] (or [0, 255] with
/// <see cref="PixelScale.Bytes"/>).</description></item>
/// <item><term>Output column data types</term><description>Latent: vector of <see cref="float"/>, size d (μ).
/// LatentLogVar: vector of <see cref="float"/>, size d (log σ², VAE only). ReconstructionError: vector of
/// <see cref="float"/>, size 1 (ML.NET's OnnxTransformer outputs no scalars), nats per image.</description></item>
/// <item><term>Required NuGet in addition to Microsoft.ML</term><description>Microsoft.ML.OnnxTransformer and a native
/// ONNX Runtime package (Microsoft.ML.OnnxRuntime); Vae.MLNet.Featurizer.Training to train in Fit.</description></item>
/// <item><term>Exportable to ONNX</term><description>The model folder is ONNX already.</description></item>
/// </list>
/// ONNX Runtime is called once per row (ML.NET's <c>OnnxTransformer</c> has no batching); for bulk
/// scoring outside a pipeline, <c>Vae.MLNet.Scoring.OnnxVaeModel</c> runs batches. A model loaded
/// with <c>mlContext.Model.Load</c> writes the embedded ONNX bytes to temporary files that are
/// removed when the loaded transformer is disposed: dispose it (<c>(model as IDisposable)?.Dispose()</c>)
/// when done with it. A model used after that fails inside ML.NET's <c>OnnxTransformer</c> (an
/// <c>InvalidOperationException</c> around a <c>NullReferenceException</c>): ML.NET has no disposed
/// check, and a loaded model holds only ML.NET's transformers, so there is no code of ours to add one.
/// </remarks>
public sealed class VaeFeaturizerEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly VaeFeaturizerOptions _options;

    /// <summary>Checks the options; a model folder must exist now (its files are read in <see cref="Fit"/>).</summary>
    /// <exception cref="ArgumentException">No model folder and no trainer, an empty column name, a folder that does not
    /// exist, or a GPU device when the loaded ONNX Runtime has no CUDA provider and FallbackToCpu is off.</exception>
    internal VaeFeaturizerEstimator(VaeFeaturizerOptions options)
    {
        _options = options;
        if (options.Trainer is null && string.IsNullOrWhiteSpace(options.ModelDirectory))
            throw new ArgumentException(
                "VaeFeaturizerOptions: set ModelDirectory (a folder with encoder.onnx and decoder.onnx) or Trainer (to train in Fit).",
                nameof(options)
            );
        if (options.Trainer is null && !Directory.Exists(options.ModelDirectory))
            throw new ArgumentException(
                $"VaeFeaturizerOptions.ModelDirectory: '{options.ModelDirectory}' is not a folder "
                    + "(expected a training run folder holding encoder.onnx and decoder.onnx).",
                nameof(options)
            );
        foreach (
            var (name, option) in new[]
            {
                (options.ImageColumnName, nameof(options.ImageColumnName)),
                (options.LatentColumnName, nameof(options.LatentColumnName)),
            }
        )
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"VaeFeaturizerOptions.{option} must be a column name.", nameof(options));
        if (options.IntraOpThreads is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "VaeFeaturizerOptions.IntraOpThreads must be ≥ 0.");
        if (options.GpuDeviceId is < 0)
            throw new ArgumentOutOfRangeException(
                nameof(options),
                "VaeFeaturizerOptions.GpuDeviceId must be a CUDA device number ≥ 0, or null for the CPU."
            );
        // Before any work, in one sentence.
        if (options.GpuDeviceId is { } device && !options.FallbackToCpu && OrtSessions.CudaUnavailable() is { } problem)
            throw new ArgumentException(
                $"VaeFeaturizerOptions.GpuDeviceId {device}: {problem}; or set FallbackToCpu, or leave GpuDeviceId null.",
                nameof(options)
            );
    }

    /// <summary>
    /// Checks the image column, trains a model first when a trainer is set, composes the featurizer
    /// graph when the folder lacks it, and returns the fitted chain.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or not <c>Vector&lt;Single,
    /// C·H·W&gt;</c> of the model's shape (the message names it, what was expected and what the data has), or, when
    /// training, its size is not that of <see cref="VaeFeaturizerOptions.ImageShape"/>.</exception>
    /// <exception cref="FileNotFoundException">The model folder lacks encoder.onnx or decoder.onnx.</exception>
    /// <exception cref="InvalidDataException">A file is not a Vae.MLNet model, the encoder and decoder are not one
    /// export's (latent sizes or export identifiers differ), or log σ² is asked of an autoencoder.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool withError = _options.ReconstructionErrorColumnName is not null;
        var column = input.Schema.GetColumnOrNull(_options.ImageColumnName);
        bool images = column is { IsHidden: false } c && ImagePixels.IsImage(c.Type);
        var scale = images ? PixelScale.UnitInterval : _options.PixelScale; // ExtractPixels gives [0, 1]
        if (_options.Trainer is not { } trainer)
        {
            var shape = FeaturizerFile.Shape(_options.ModelDirectory!); // the column is checked before anything is written
            if (!images)
                CheckFirstRows(input, ColumnCheck.Image(input.Schema, _options.ImageColumnName, "VaeFeaturizer input", shape));
            var (file, logVar, _) = FeaturizerFile.Ensure(_options.ModelDirectory!, scale, withError);
            return Chain(file, logVar, images ? shape : null).Fit(input);
        }
        var (pixels, trainingShape) = images ? ImagePixelsOf(input, column!.Value) : PixelsOf(input);
        string folder = trainer.Train(pixels, trainingShape, "the data given to VaeFeaturizer.Fit");
        var (graph, hasLogVar, _) = FeaturizerFile.Ensure(folder, scale, withError);
        return Chain(graph, hasLogVar, images ? trainingShape : null).Fit(input);
    }

    /// <summary>Rows of the data given to <see cref="Fit"/> whose pixels are checked when the model is given (not trained).</summary>
    public const int FitCheckedRows = 1024;

    // The fitted chain is ML.NET's own and cannot refuse a row when it transforms; the rows Fit sees are where the common
    // mistakes show (0–255 pixels with PixelScale.UnitInterval, NaN), which would otherwise give garbage latents silently.
    private void CheckFirstRows(IDataView input, DataViewSchema.Column image) =>
        _ = DataViewReader.ImageBatches(input, image, FitCheckedRows, _options.PixelScale, "VaeFeaturizer.Fit input").FirstOrDefault();

    private (float[] Pixels, ImageShape Shape) PixelsOf(IDataView input)
    {
        var image = ColumnCheck.Image(input.Schema, _options.ImageColumnName, "VaeFeaturizer input", null);
        var shape = TrainingShape(image);
        var batches = DataViewReader.ImageBatches(input, image, 1024, _options.PixelScale, "VaeFeaturizer.Fit input");
        return (batches.SelectMany(b => b).ToArray(), shape);
    }

    // An image column, as ML.NET's image transforms extract it, at the options' shape or the first image's.
    private (float[] Pixels, ImageShape Shape) ImagePixelsOf(IDataView input, DataViewSchema.Column column)
    {
        var shape = ImagePixels.TrainingShape(input, column, _options.ImageShape);
        var extracted = ImagePixels.Extract(column.Name, FeaturizerGraph.ImageInput, shape).Estimator.Fit(input).Transform(input);
        var pixels = extracted.Schema[FeaturizerGraph.ImageInput];
        var batches = DataViewReader.ImageBatches(extracted, pixels, 1024, PixelScale.UnitInterval, "VaeFeaturizer.Fit input");
        return (batches.SelectMany(b => b).ToArray(), shape);
    }

    // The shape the trainer trains on: the options', or 28×28 grayscale for a column of 784.
    private ImageShape TrainingShape(DataViewSchema.Column image)
    {
        int size = ((VectorDataViewType)image.Type).Size;
        var shape = _options.ImageShape ?? (size == ImageShape.Mnist.Size ? ImageShape.Mnist : (ImageShape?)null);
        if (shape is { } s && s.Size == size)
            return s;
        throw new ArgumentOutOfRangeException(
            nameof(image),
            shape is null
                ? $"VaeFeaturizer input: column '{image.Name}' holds {size} values per row; set VaeFeaturizerOptions.ImageShape "
                    + "to the images' channels, height and width (their product must be the column's size)."
                : $"VaeFeaturizer input: column '{image.Name}' holds {size} values per row, but VaeFeaturizerOptions.ImageShape "
                    + $"{shape} needs {shape.Value.Size}."
        );
    }

    /// <summary>The input shape plus the output columns.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or not a vector of Single.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var image = inputSchema.FirstOrDefault(c => c.Name == _options.ImageColumnName);
        if (image.Name is null)
            throw new ArgumentOutOfRangeException(
                nameof(inputSchema),
                $"VaeFeaturizer input: the data has no column '{_options.ImageColumnName}' "
                    + $"(expected Vector<Single, C·H·W>); its columns are: {string.Join(", ", inputSchema.Select(c => c.Name))}."
            );
        if (image.ItemType is ImageDataViewType)
            return OutputShape.Of(inputSchema, _options);
        if (image.Kind != SchemaShape.Column.VectorKind.Vector || image.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(
                nameof(inputSchema),
                $"VaeFeaturizer input: column '{image.Name}' is {image.Kind} of "
                    + $"{image.ItemType}; expected Vector<Single, C·H·W> or an image (MLImage)."
            );
        return OutputShape.Of(inputSchema, _options);
    }

    // Pixels in: CopyColumns to the graph's input. An image column (imageShape set): ML.NET's image transforms instead.
    private EstimatorChain<ITransformer> Chain(string graphFile, bool hasLogVar, ImageShape? imageShape)
    {
        var ml = new MLContext(); // ML.NET keeps a catalog's context internal; these transforms are deterministic.
        var outputs = Outputs(graphFile, hasLogVar);
        var onnx = new OnnxOptions
        {
            ModelFile = graphFile, // a path: the Stream overload leaves a temporary copy of the model in /tmp that outlives Dispose
            InputColumns = [FeaturizerGraph.ImageInput],
            OutputColumns = outputs.Select(o => o.Graph).ToArray(),
            IntraOpNumThreads = _options.IntraOpThreads,
            GpuDeviceId = GpuDevice(),
            FallbackToCpu = _options.FallbackToCpu,
        };
        var (pixels, temporary) = imageShape is { } shape
            ? ImagePixels.Extract(_options.ImageColumnName, FeaturizerGraph.ImageInput, shape)
            : (ml.Transforms.CopyColumns(FeaturizerGraph.ImageInput, _options.ImageColumnName), []);
        var chain = new EstimatorChain<ITransformer>().Append(pixels).Append<ITransformer>(ml.Transforms.ApplyOnnxModel(onnx));
        foreach (var (graph, column) in outputs)
            chain = chain.Append<ITransformer>(ml.Transforms.CopyColumns(column, graph));
        return chain.Append<ITransformer>(
            ml.Transforms.DropColumns([FeaturizerGraph.ImageInput, .. temporary, .. outputs.Select(o => o.Graph)])
        );
    }

    // ML.NET's own fallback misses the CPU build of ONNX Runtime (it has no CUDA entry point at all):
    // without a CUDA provider, fall back here, and say so once through .NET's trace.
    private int? GpuDevice()
    {
        if (_options.GpuDeviceId is not { } device || OrtSessions.CudaUnavailable() is not { } problem)
            return _options.GpuDeviceId;
        System.Diagnostics.Trace.TraceWarning($"VaeFeaturizer: GpuDeviceId {device} with FallbackToCpu: running on the CPU: {problem}.");
        return null;
    }

    private List<(string Graph, string Column)> Outputs(string graphFile, bool hasLogVar)
    {
        var outputs = new List<(string, string)> { (FeaturizerGraph.LatentOutput, _options.LatentColumnName) };
        if (_options.LatentLogVarColumnName is { } logVar)
        {
            if (!hasLogVar)
                throw new InvalidDataException(
                    $"VaeFeaturizerOptions.LatentLogVarColumnName '{logVar}' asks for "
                        + $"log σ², but {graphFile} is an autoencoder's (no log σ² output)."
                );
            outputs.Add((FeaturizerGraph.LatentLogVarOutput, logVar));
        }
        if (_options.ReconstructionErrorColumnName is { } error)
            outputs.Add((FeaturizerGraph.ReconstructionErrorOutput, error));
        return outputs;
    }
}

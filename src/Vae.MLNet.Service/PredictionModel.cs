using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Onnx;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Service;

/// <summary>
/// A saved ML.NET model (for example <c>VaeFeaturizer</c> then a multiclass trainer, as written by
/// <c>mlContext.Model.Save</c>) answering <c>/v1/predict</c>. Each batch goes through
/// <see cref="ITransformer.Transform"/> and a cursor of its own: transformers are thread-safe, a
/// shared <c>PredictionEngine</c> is not. Dispose to remove the temporary ONNX files that ML.NET's
/// loader writes.
/// </summary>
internal sealed class PredictionModel : IDisposable
{
    /// <summary>ML.NET's column names for a multiclass prediction.</summary>
    internal const string PredictedLabelColumn = "PredictedLabel",
        ScoreColumn = "Score";

    private readonly ITransformer _model;
    private readonly DataViewSchema _input;
    private readonly int _imageColumn;
    private readonly float _pixelScale;
    private readonly string? _latentColumn;
    private readonly string[]? _keyNames;

    private PredictionModel(string path, ITransformer model, DataViewSchema input, ServiceOptions options)
    {
        (Path, _model, _input, _pixelScale) = (path, model, input, options.PredictPixelScale.White());
        (_imageColumn, ImageSize) = CheckImageColumn(path, input, options.PredictImageColumn);
        var output = Output(path, model, input);
        Require(path, output, PredictedLabelColumn, "a multiclass classifier's predicted label");
        var score = Require(path, output, ScoreColumn, "a multiclass classifier's scores");
        if (score.Type is not VectorDataViewType { ItemType: NumberDataViewType } scoreType || scoreType.ItemType.RawType != typeof(float))
            throw new InvalidDataException(
                $"{path}: output column '{ScoreColumn}' is {score.Type}; expected a vector of Single (a multiclass classifier's scores)."
            );
        _latentColumn = output.GetColumnOrNull(options.PredictLatentColumn) is { Type: VectorDataViewType { ItemType: NumberDataViewType } }
            ? options.PredictLatentColumn
            : null;
        Classes = LabelText.ClassNames(output[PredictedLabelColumn], score);
        _keyNames = LabelText.KeyNames(output[PredictedLabelColumn]); // once, not per request
    }

    /// <summary>Values per image of the model's image column, C·H·W.</summary>
    public int ImageSize { get; }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>Class names in the order of the score vector, when the model carries them (key values of the predicted
    /// label, or slot names of the scores).</summary>
    public string[]? Classes { get; }

    /// <summary>Loads and checks a model file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">ML.NET cannot load it, its input has no image column of
    /// <c>Vector&lt;Single, C·H·W&gt;</c> of known size, or its output lacks <c>PredictedLabel</c> or <c>Score</c>; the message names
    /// the file.</exception>
    public static PredictionModel Load(string path, ServiceOptions options)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such ML.NET model file.", path);
        // ML.NET's loader makes a temporary folder (ml_dotnet_*) before it reads the file and leaves it
        // behind when the file is not a zip archive: check that first.
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: ML.NET cannot load this model file (it is not a zip archive: {e.Message}).", e);
        }
        var ml = new MLContext();
        // A saved model keeps no GPU setting (dotnet/machinelearning#6111); ML.NET's ONNX loader takes the loading context's.
        if (options.Scoring.CudaDeviceId is { } device)
        {
            if (OrtSessions.CudaUnavailable() is { } problem && !options.Scoring.FallbackToCpu)
                throw new ArgumentException(
                    $"OnnxScoringOptions.Device {options.Scoring.Device}: {problem}; or set OnnxScoringOptions.Device to cpu "
                        + "(or OnnxScoringOptions.FallbackToCpu)."
                );
            (ml.GpuDeviceId, ml.FallbackToCpu) = (device, options.Scoring.FallbackToCpu);
        }
        // ML.NET finds a saved transformer's loader among the assemblies it knows: register the ones our models use.
        foreach (
            var assembly in new[] { typeof(OnnxTransformer), typeof(FastTreeBinaryModelParameters), typeof(LightGbmBinaryModelParameters) }
        )
            ml.ComponentCatalog.RegisterAssembly(assembly.Assembly);
        ITransformer model;
        DataViewSchema input;
        try
        {
            model = ml.Model.Load(path, out input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: ML.NET cannot load this model file ({e.GetType().Name}: {e.Message}).", e);
        }
        try
        {
            return new PredictionModel(path, model, input, options);
        }
        catch
        {
            (model as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Scores images [n, C·H·W] in [0, 1] (multiplied by the white of
    /// <see cref="ServiceOptions.PredictPixelScale"/> on the way in).</summary>
    public PredictResponse Predict(float[] images)
    {
        int n = images.Length / ImageSize;
        var scored = _model.Transform(new ImageBatchView(_input, _imageColumn, images, ImageSize, _pixelScale));
        var columns = new List<DataViewSchema.Column> { scored.Schema[PredictedLabelColumn], scored.Schema[ScoreColumn] };
        if (_latentColumn is not null)
            columns.Add(scored.Schema[_latentColumn]);
        using var cursor = scored.GetRowCursor(columns);
        var label = LabelText.Getter(cursor, scored.Schema[PredictedLabelColumn], _keyNames);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema[ScoreColumn]);
        var latent = _latentColumn is null ? null : cursor.GetGetter<VBuffer<float>>(scored.Schema[_latentColumn]);
        var (labels, scores, latents) = (new string[n], new float[n][], _latentColumn is null ? null : new float[n][]);
        VBuffer<float> buffer = default;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            labels[i] = label();
            score(ref buffer);
            scores[i] = buffer.DenseValues().ToArray();
            if (latent is null)
                continue;
            latent(ref buffer);
            latents![i] = buffer.DenseValues().ToArray();
        }
        return new PredictResponse(labels, scores, latents, Classes);
    }

    /// <inheritdoc/>
    public void Dispose() => (_model as IDisposable)?.Dispose();

    private static (int Index, int Size) CheckImageColumn(string path, DataViewSchema input, string name)
    {
        var column =
            input.GetColumnOrNull(name)
            ?? throw new InvalidDataException(
                $"{path}: the model's input has no column '{name}' (expected Vector<Single, C·H·W>, one image); "
                    + $"its input columns are: {string.Join(", ", input.Select(c => $"{c.Name} ({c.Type})"))}."
            );
        if (column.Type is not VectorDataViewType { Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new InvalidDataException(
                $"{path}: input column '{name}' is {column.Type}; expected Vector<Single, C·H·W> of known size (one image)."
            );
        return (column.Index, vector.Size);
    }

    private static DataViewSchema Output(string path, ITransformer model, DataViewSchema input)
    {
        try
        {
            return model.GetOutputSchema(input);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: the model does not accept its own saved input schema: {e.Message}", e);
        }
    }

    private static DataViewSchema.Column Require(string path, DataViewSchema output, string name, string what) =>
        output.GetColumnOrNull(name)
        ?? throw new InvalidDataException(
            $"{path}: the model's output has no column '{name}' ({what}); "
                + $"its output columns are: {string.Join(", ", output.Where(c => !c.IsHidden).Select(c => c.Name))}."
        );
}

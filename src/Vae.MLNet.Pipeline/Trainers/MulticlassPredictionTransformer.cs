using System.Reflection;
using Vae.MLNet.Classifiers;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Persistence;
using Vae.MLNet.Pipeline.Transforms;

namespace Vae.MLNet.Pipeline.Trainers;

/// <summary>
/// A trained multiclass classifier applied to a feature column (ML.NET's
/// <c>MulticlassPredictionTransformer</c>). Adds <c>Score</c> (<c>Vector&lt;Single, K&gt;</c>: the
/// probability of each class; the column's <see cref="DataViewSchema.Column.SlotLabels"/> give the
/// class label of each slot) and <c>PredictedLabel</c> (Int32: the most probable class, ties to the
/// smallest label).
/// </summary>
public sealed class MulticlassPredictionTransformer : RowMappingTransformer
{
    /// <summary>Name of the scores column.</summary>
    public const string ScoreColumn = "Score";
    /// <summary>Name of the predicted-label column.</summary>
    public const string PredictedLabelColumn = "PredictedLabel";

    /// <summary>Wraps a fitted classifier.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="featureColumnName">The input column (Single or Vector&lt;Single, featureSize&gt;).</param>
    /// <param name="featureSize">Features per row.</param>
    public MulticlassPredictionTransformer(IClassifier model, string featureColumnName, int featureSize)
    {
        Model = model;
        FeatureColumnName = featureColumnName;
        FeatureSize = featureSize;
        OutputColumns =
        [
            (ScoreColumn, new VectorDataViewType(NumberDataViewType.Single, model.Classes.Count), model.Classes),
            (PredictedLabelColumn, NumberDataViewType.Int32, null),
        ];
    }

    /// <summary>The classifier.</summary>
    public IClassifier Model { get; }
    /// <summary>The feature column read.</summary>
    public string FeatureColumnName { get; }
    /// <summary>Features per row.</summary>
    public int FeatureSize { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, DataViewType Type, IReadOnlyList<int>? SlotLabels)> OutputColumns { get; }

    /// <inheritdoc />
    protected override string ComponentName => Model.GetType().Name;

    /// <inheritdoc />
    protected override IReadOnlyList<DataViewSchema.Column> BindInputs(DataViewSchema inputSchema) =>
        [SchemaCheck.Require(inputSchema, FeatureColumnName, $"feature column of {ComponentName}", FeatureType(FeatureSize))];

    /// <summary>The type of a feature column of <paramref name="size"/> values: Single for 1, else a vector.</summary>
    public static DataViewType FeatureType(int size) =>
        size == 1 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, size);

    /// <inheritdoc />
    protected override Array?[] Map(RowBatch batch, IReadOnlyList<DataViewSchema.Column> inputs, bool[] wanted)
    {
        var features = batch.Floats(inputs[0].Index);
        var scores = Model.PredictProbabilities(features);
        int k = Model.Classes.Count;
        var predicted = new int[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var row = scores.AsSpan(i * k, k);
            int best = 0;
            for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
            predicted[i] = Model.Classes[best];
        }
        return [scores, predicted];
    }

    /// <inheritdoc />
    public override void Save(ModelSaveContext context)
    {
        context.WriteText("feature.txt", $"{FeatureColumnName}\n{FeatureSize}");
        context.WriteText("classifier-type.txt", ModelSaveContext.TypeName(Model.GetType()));
        context.Write("classifier.bin", Model.Save);
    }

    /// <summary>Rebuilds a transformer written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">An entry is missing or the classifier type cannot be loaded.</exception>
    public static MulticlassPredictionTransformer Load(ModelLoadContext context)
    {
        var feature = context.ReadText("feature.txt").Split('\n');
        string typeName = context.ReadText("classifier-type.txt");
        var type = Type.GetType(typeName, throwOnError: false);
        var load = type?.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(Stream)]);
        if (type is null || load is null || !typeof(IClassifier).IsAssignableFrom(load.ReturnType))
            throw new InvalidDataException($"{context.Source}: classifier type '{typeName}' not found or has no public static Load(Stream); reference its assembly.");
        using var stream = new MemoryStream(context.ReadBytes("classifier.bin"));
        IClassifier model;
        try
        {
            model = (IClassifier)load.Invoke(null, [stream])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is InvalidDataException inner)
        {
            throw new InvalidDataException($"{context.Source}: {inner.Message}", inner);
        }
        return new MulticlassPredictionTransformer(model, feature[0], int.Parse(feature[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

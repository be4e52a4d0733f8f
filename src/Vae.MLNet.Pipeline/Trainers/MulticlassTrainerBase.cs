using Vae.MLNet.Classifiers;
using Vae.MLNet.Pipeline.Data;

namespace Vae.MLNet.Pipeline.Trainers;

/// <summary>Options every multiclass trainer has (ML.NET's defaults: columns "Label" and "Features").</summary>
public class MulticlassTrainerOptions
{
    /// <summary>The Int32 class-label column.</summary>
    public string LabelColumnName { get; set; } = "Label";
    /// <summary>The feature column (Single or Vector&lt;Single, d&gt;; e.g. a VAE featurizer's "Latent").</summary>
    public string FeatureColumnName { get; set; } = "Features";
}

/// <summary>
/// Base of the multiclass trainers: checks the label and feature columns, reads them whole into a
/// <see cref="TrainingSet"/>, fits the classifier, and wraps it in a <see cref="MulticlassPredictionTransformer"/>.
/// </summary>
public abstract class MulticlassTrainerBase : IEstimator<MulticlassPredictionTransformer>
{
    private readonly MulticlassTrainerOptions _options;

    /// <summary>Keeps the options.</summary>
    protected MulticlassTrainerBase(MulticlassTrainerOptions options) => _options = options;

    /// <summary>The trainer's name, for messages.</summary>
    protected abstract string Name { get; }

    /// <summary>Fits the classifier to the rows.</summary>
    protected abstract IClassifier Train(TrainingSet data);

    /// <inheritdoc />
    public MulticlassPredictionTransformer Fit(IDataView input)
    {
        var (feature, _) = Bind(input.Schema);
        var (features, width) = RowBatches.ReadFloats(input, feature.Name, $"feature column of {Name}");
        var labels = RowBatches.ReadInts(input, _options.LabelColumnName, $"label column of {Name}");
        return new MulticlassPredictionTransformer(Train(new TrainingSet(features, width, labels)), feature.Name, width);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Bind(inputSchema);
        return inputSchema.With(
        [
            (MulticlassPredictionTransformer.ScoreColumn, new VectorDataViewType(NumberDataViewType.Single), null),
            (MulticlassPredictionTransformer.PredictedLabelColumn, NumberDataViewType.Int32, null),
        ]);
    }

    private (DataViewSchema.Column Feature, DataViewSchema.Column Label) Bind(DataViewSchema schema) =>
        (SchemaCheck.Require(schema, _options.FeatureColumnName, $"feature column of {Name}",
            t => t == NumberDataViewType.Single || t is VectorDataViewType, "Single or Vector<Single, d>"),
         SchemaCheck.Require(schema, _options.LabelColumnName, $"label column of {Name}", NumberDataViewType.Int32));
}

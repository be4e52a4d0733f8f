using Vae.MLNet.Classifiers;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Trainers;

namespace Vae.MLNet.Pipeline;

/// <summary>Multiclass trainers and evaluation (ML.NET's <c>MulticlassClassificationCatalog</c>).</summary>
public sealed class MulticlassClassificationCatalog : CatalogBase
{
    internal MulticlassClassificationCatalog(VaeMLContext context) : base(context) => Trainers = new MulticlassClassificationTrainers(context);

    /// <summary>The trainers; gradient-boosted trees add themselves here (Vae.MLNet.XGBoost).</summary>
    public MulticlassClassificationTrainers Trainers { get; }

    /// <summary>
    /// Accuracy, macro-F1, log-loss and the confusion matrix of scored data (see <see cref="MulticlassMetrics"/>).
    /// The score column's <see cref="DataViewSchema.Column.SlotLabels"/> name the class of each slot.
    /// </summary>
    /// <exception cref="SchemaMismatchException">A column is missing or of the wrong type.</exception>
    /// <exception cref="ArgumentException">A true label is not among the classifier's classes.</exception>
    public MulticlassMetrics Evaluate(IDataView data, string labelColumnName = "Label",
        string scoreColumnName = MulticlassPredictionTransformer.ScoreColumn,
        string predictedLabelColumnName = MulticlassPredictionTransformer.PredictedLabelColumn)
    {
        var score = SchemaCheck.Require(data.Schema, scoreColumnName, "score column of the evaluation",
            t => t is VectorDataViewType { IsKnownSize: true }, "Vector<Single, K>");
        SchemaCheck.Require(data.Schema, predictedLabelColumnName, "predicted-label column of the evaluation", NumberDataViewType.Int32);
        var classes = score.SlotLabels ?? Enumerable.Range(0, ((VectorDataViewType)score.Type).Size).ToArray();
        var (probabilities, _) = RowBatches.ReadFloats(data, scoreColumnName, "score column of the evaluation");
        var predicted = RowBatches.ReadInts(data, predictedLabelColumnName, "predicted-label column of the evaluation");
        var labels = RowBatches.ReadInts(data, labelColumnName, "label column of the evaluation");
        return MulticlassMetrics.FromPredictions(probabilities, predicted, labels, classes);
    }
}

/// <summary>The multiclass trainers (ML.NET's <c>MulticlassClassificationTrainers</c>).</summary>
public sealed class MulticlassClassificationTrainers : CatalogBase
{
    internal MulticlassClassificationTrainers(VaeMLContext context) : base(context) { }

    /// <summary>Nearest centroid (Euclidean). Output: Score (one-hot), PredictedLabel.</summary>
    public NearestCentroidTrainer NearestCentroid(string labelColumnName = "Label", string featureColumnName = "Features") =>
        new(new MulticlassTrainerOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>k nearest neighbours (uniform vote, Euclidean, k = 5 by default).</summary>
    public KNearestNeighborsTrainer KNearestNeighbors(string labelColumnName = "Label", string featureColumnName = "Features", int numberOfNeighbors = 5) =>
        new(new KNearestNeighborsOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, NumberOfNeighbors = numberOfNeighbors });

    /// <summary>k nearest neighbours with options.</summary>
    public KNearestNeighborsTrainer KNearestNeighbors(KNearestNeighborsOptions options) => new(options);

    /// <summary>Multinomial logistic regression with L-BFGS, L2 weight 1 (ML.NET's LbfgsMaximumEntropy).</summary>
    public LbfgsMaximumEntropyTrainer LbfgsMaximumEntropy(string labelColumnName = "Label", string featureColumnName = "Features") =>
        new(new LbfgsMaximumEntropyOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Multinomial logistic regression with options.</summary>
    public LbfgsMaximumEntropyTrainer LbfgsMaximumEntropy(LbfgsMaximumEntropyOptions options) => new(options);
}

using Vae.MLNet.Classifiers;
using Vae.MLNet.Data;
using Vae.MLNet.Evaluation;
using Vae.MLNet.Pipeline.Data;
using Vae.MLNet.Pipeline.Trainers;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Pipeline.Tests;

/// <summary>Trainers, evaluation and model files through the pipeline API, against the classifiers called directly.</summary>
public class TrainerPipelineTests
{
    private readonly VaeMLContext _ml = new(seed: 1);

    private IDataView Images(DataSplit split, int skip, int count) =>
        _ml.Data.TakeRows(_ml.Data.SkipRows(_ml.Data.LoadImages(TestPaths.FashionMnist, split), skip), count);

    [Fact]
    public void PipelineScoresEqualTheClassifierCalledDirectly()
    {
        var train = Images(DataSplit.Train, 0, 2000);
        var test = Images(DataSplit.Test, 0, 500);
        var model = _ml.MulticlassClassification.Trainers.NearestCentroid(featureColumnName: "Image").Fit(train);
        var scored = model.Transform(test);

        var trainSet = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Train, 2000);
        var testSet = DatasetLoader.Load(TestPaths.FashionMnist, DataSplit.Test, 500);
        IClassifier direct = NearestCentroid.Fit(new TrainingSet(trainSet.Pixels, 784, trainSet.Labels));
        Assert.Equal(direct.Predict(testSet.Pixels), RowBatches.ReadInts(scored, "PredictedLabel", "test"));
        Assert.Equal(direct.PredictProbabilities(testSet.Pixels), RowBatches.ReadFloats(scored, "Score", "test").Values);

        var metrics = _ml.MulticlassClassification.Evaluate(scored);
        var expected = MulticlassMetrics.Evaluate(direct, testSet.Pixels, testSet.Labels);
        Assert.Equal(expected.Accuracy, metrics.Accuracy);
        Assert.Equal(expected.MacroF1, metrics.MacroF1);
        Assert.Equal(expected.Confusion, metrics.Confusion);
        Assert.True(metrics.Accuracy > 0.5, $"nearest centroid on pixels: {metrics.Accuracy}");
    }

    [Fact]
    public void ScoreColumnNamesTheClassOfEachSlot()
    {
        var rows = Blobs.Make(90, seed: 4).Select(r => new PointRow { Class = r.Class * 10 + 5, Features = r.Features }).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var estimator = _ml.MulticlassClassification.Trainers.NearestCentroid();
        Assert.Equal("Vector<Single>", estimator.GetOutputSchema(data.Schema)["Score"].Type.ToString());
        var scored = estimator.Fit(data).Transform(data);
        Assert.Equal([5, 15, 25], scored.Schema["Score"].SlotLabels!);
        Assert.Equal(1.0, _ml.MulticlassClassification.Evaluate(scored).Accuracy, 2);
    }

    public static TheoryData<string> Trainers => ["NearestCentroid", "KNearestNeighbors", "LbfgsMaximumEntropy"];

    [Theory]
    [MemberData(nameof(Trainers))]
    public void SavedChainGivesIdenticalOutputs(string trainer)
    {
        var train = _ml.Data.LoadFromEnumerable(Blobs.Make(600, seed: 5));
        var test = _ml.Data.LoadFromEnumerable(Blobs.Make(200, seed: 6));
        var t = _ml.MulticlassClassification.Trainers;
        IEstimator<MulticlassPredictionTransformer> estimator = trainer switch
        {
            "NearestCentroid" => t.NearestCentroid(),
            "KNearestNeighbors" => t.KNearestNeighbors(numberOfNeighbors: 7),
            _ => t.LbfgsMaximumEntropy(),
        };
        var model = estimator.Fit(train);
        string path = Path.Combine(TestPaths.NewTempDirectory(), "model.zip");
        _ml.Model.Save(model, train.Schema, path);
        var loaded = _ml.Model.Load(path, out var inputSchema);

        Assert.Equal(train.Schema.ToString(), inputSchema.ToString());
        var before = model.Transform(test);
        var after = loaded.Transform(test);
        Assert.Equal(before.Schema.ToString(), after.Schema.ToString());
        Assert.Equal(RowBatches.ReadFloats(before, "Score", "t").Values, RowBatches.ReadFloats(after, "Score", "t").Values);
        Assert.Equal(RowBatches.ReadInts(before, "PredictedLabel", "t"), RowBatches.ReadInts(after, "PredictedLabel", "t"));
        Assert.True(_ml.MulticlassClassification.Evaluate(after).Accuracy > 0.8);
    }

    [Fact]
    public void SchemaMismatchesFailBeforeAnyWork()
    {
        var rows = new CountingSequence<PointRow>(Blobs.Make(60, seed: 7));
        var data = _ml.Data.LoadFromEnumerable(rows);
        var t = _ml.MulticlassClassification.Trainers;

        var missing = Assert.Throws<SchemaMismatchException>(() => t.NearestCentroid(featureColumnName: "Latent").Fit(data));
        Assert.Contains("column 'Latent' not found (expected Single or Vector<Single, d>); the input has: Label: Int32, Features: Vector<Single, 3>, Weight: Single", missing.Message);
        var wrongType = Assert.Throws<SchemaMismatchException>(() => t.NearestCentroid(labelColumnName: "Weight").Fit(data));
        Assert.Equal(("Weight", "Int32", "Single"), (wrongType.ColumnName, wrongType.Expected, wrongType.Actual));
        Assert.Equal(0, rows.Enumerations);

        var model = t.NearestCentroid().Fit(data);
        var other = new CountingSequence<WideRow>([new WideRow()]);
        var wrongSize = Assert.Throws<SchemaMismatchException>(() => model.Transform(_ml.Data.LoadFromEnumerable(other)));
        Assert.Contains("column 'Features' is Vector<Single, 4>; expected Vector<Single, 3>", wrongSize.Message);
        Assert.Equal(0, other.Enumerations);
    }

    [Fact]
    public void SilhouetteThroughTheCatalogEqualsTheDirectComputation()
    {
        var rows = Blobs.Make(300, seed: 8);
        var result = _ml.Clustering.EvaluateSilhouette(_ml.Data.LoadFromEnumerable(rows), featureColumnName: "Features");
        var direct = Silhouette.Compute(rows.SelectMany(r => r.Features).ToArray(), 3, rows.Select(r => r.Class).ToArray());
        Assert.Equal(direct.Samples, result.Samples);
        Assert.Equal(direct.Mean, result.Mean);
        Assert.Equal(3, result.PerClass.Count);
    }

    [Fact]
    public void ModelFilesThatAreNotModelsAreNamed()
    {
        string dir = TestPaths.NewTempDirectory(), garbage = Path.Combine(dir, "garbage.zip");
        File.WriteAllText(garbage, "not a zip");
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => _ml.Model.Load(garbage, out _)).Message);
        Assert.Throws<FileNotFoundException>(() => _ml.Model.Load(Path.Combine(dir, "none.zip"), out _));
        var model = _ml.MulticlassClassification.Trainers.NearestCentroid().Fit(_ml.Data.LoadFromEnumerable(Blobs.Make(30, 1)));
        Assert.ThrowsAny<IOException>(() => _ml.Model.Save(model, model.GetOutputSchema(_ml.Data.LoadFromEnumerable(Blobs.Make(3, 1)).Schema), Path.Combine(dir, "no", "such", "dir.zip")));
        Assert.Equal(["garbage.zip"], Directory.GetFiles(dir).Select(Path.GetFileName)); // nothing half-written left behind
    }

    public sealed class WideRow
    {
        public int Label;

        [VectorType(4)]
        public float[] Features = [0, 0, 0, 0];
    }
}

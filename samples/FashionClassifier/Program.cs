// README's ML.NET program: a VAE featurizer and ML.NET's L-BFGS logistic regression on Fashion-MNIST,
// evaluated (accuracy, macro-F1, silhouette, likelihood bounds), saved, and loaded again.
//   dotnet run --project samples/FashionClassifier -c Release -- RUN_FOLDER [MODEL.zip]
// RUN_FOLDER is a model folder from `./vae train`; MODEL.zip (default fashion-logistic.zip) is what
// `./vae serve MODEL.zip` serves at /v1/predict.
using Microsoft.ML;
using Microsoft.ML.Transforms;
using Vae.MLNet;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: FashionClassifier RUN_FOLDER [MODEL.zip]");
    return 2;
}
string runFolder = args[0],
    modelFile = args.Length > 1 ? args[1] : "fashion-logistic.zip";

var ml = new MLContext(seed: 0);
var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory("/usr/share/datasets/fashion-mnist", IdxSplit.Train), 20_000);
var test = ml.Data.LoadFromIdxDirectory("/usr/share/datasets/fashion-mnist", IdxSplit.Test); // Label, Image

var pipeline = ml
    .Transforms.VaeFeaturizer(runFolder) // adds Latent (μ, Vector<Single, 10>)
    .AppendCacheCheckpoint(ml) // encode once, not on every L-BFGS pass
    .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
    .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent"));
var model = pipeline.Fit(train);

var scored = model.Transform(test);
var metrics = ml.MulticlassClassification.Evaluate(scored);
var silhouette = ml.Clustering.EvaluateSilhouette(scored); // Label groups, Latent points
var likelihood = ml.Model.EvaluateVaeLikelihood(runFolder, ml.Data.TakeRows(test, 1000));
Console.WriteLine($"accuracy {metrics.MicroAccuracy:P2}, macro-F1 {metrics.MacroF1():F4}, silhouette {silhouette.Mean:F4}");
Console.WriteLine($"-ELBO {likelihood.NegativeElbo:F2}, IWAE bound (k = 64) {likelihood.ImportanceWeightedBound:F2} nats/image");

ml.Model.Save(model, train.Schema, modelFile); // ONNX bytes + classifier in one file
using (var loaded = (IDisposable)ml.Model.Load(modelFile, out var inputSchema))
    Console.WriteLine(
        $"reloaded: accuracy {ml.MulticlassClassification.Evaluate(((ITransformer)loaded).Transform(test)).MicroAccuracy:P2}"
    );
return 0;

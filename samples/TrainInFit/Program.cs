// Training inside Fit: VaeFeaturizer trains a small dense VAE on the pipeline's own images
// (VaeModelTrainer, TorchSharp), then ML.NET's L-BFGS logistic regression learns on its latent means.
//   dotnet run --project samples/TrainInFit -c Release -- MODEL_FOLDER
// MODEL_FOLDER must not hold a model yet: the trained VAE is written there (ONNX files, checkpoint).
using Microsoft.ML;
using Microsoft.ML.Transforms;
using Vae.MLNet;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: TrainInFit MODEL_FOLDER");
    return 2;
}
var ml = new MLContext(seed: 0);
var train = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory("/usr/share/datasets/fashion-mnist", IdxSplit.Train), 6_000);
var test = ml.Data.TakeRows(ml.Data.LoadFromIdxDirectory("/usr/share/datasets/fashion-mnist", IdxSplit.Test), 2_000);

var vae = new TrainingOptions
{
    Preset = "dense",
    LatentSize = 8,
    Epochs = 2,
    Seed = 0,
    Threads = 1,
}; // one thread: the same figures on any machine
var pipeline = ml
    .Transforms.VaeFeaturizer(new VaeFeaturizerOptions { Trainer = new VaeModelTrainer(vae, args[0], new EpochLines()) })
    .AppendCacheCheckpoint(ml)
    .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
    .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Latent"));
var model = pipeline.Fit(train); // trains the VAE, then the classifier

var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
var likelihood = ml.Model.EvaluateVaeLikelihood(args[0], test);
Console.WriteLine($"accuracy {metrics.MicroAccuracy:P2}, macro-F1 {metrics.MacroF1():F4}, -ELBO {likelihood.NegativeElbo:F2} nats/image");
return 0;

/// <summary>One line per VAE training epoch.</summary>
internal sealed class EpochLines : ITrainingObserver
{
    public void OnEpoch(EpochMetrics m) =>
        Console.WriteLine($"epoch {m.Epoch}: train {m.Train.Total:F2}, validation {m.Validation?.Total:F2} nats/image");
}

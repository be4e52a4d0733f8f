// Sample: train a small dense VAE on a Fashion-MNIST slice from C#, then encode test images and
// print each class's mean latent vector (μ). Runs in about 15 seconds on 2 cores.
//   dotnet run --project samples/TrainAndEncode -c Release
using Vae.MLNet.Data;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;
using Vae.MLNet.Runs;
using Vae.MLNet.Training;

var options = new TrainingOptions
{
    Preset = Presets.Dense,
    LatentSize = 2,
    Epochs = 3,
    Seed = 1,
};
var data = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Train, maxCount: 12_000);
var test = DatasetLoader.Load(Vae.MLNet.Runs.DatasetOptions.DefaultPath, DataSplit.Test, maxCount: 2_000);
var (train, validation) = ValidationSplit.Split(data, options.ValidationFraction, options.Seed);

// This program may change its own process: raise malloc's thresholds, let OpenMP threads sleep, and let
// oneMKL use its AVX-512 kernels on AMD processors. A library that trains makes none of these changes unasked.
TorchRuntime.Configure(TorchProcessSettings.Recommended);
TorchRuntime.SetThreads(0); // one per core available to the process
using var model = TorchVaeModel.Create(options.Architecture(train.Shape), seed: (ulong)options.Seed);
var trainer = new VaeTrainer(model, options);
trainer.Fit(train, validation, new PrintEpochs());
Console.WriteLine($"test −ELBO {trainer.Evaluate(test).Total:F1} nats/image");

// μ for every test image: [N, d], row-major.
var mu = new float[test.Count * options.LatentSize];
model.Encode(test.Pixels, mu, logVar: []);
string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
for (int label = 0; label < names.Length; label++)
{
    var rows = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == label).ToArray();
    var mean = Enumerable.Range(0, options.LatentSize).Select(j => rows.Average(i => mu[i * options.LatentSize + j]));
    Console.WriteLine($"{names[label], -12} mean μ = ({string.Join(", ", mean.Select(v => v.ToString("F2")))})");
}

/// <summary>Prints one line per epoch.</summary>
internal sealed class PrintEpochs : ITrainingObserver
{
    public void OnEpoch(EpochMetrics m) =>
        Console.WriteLine($"epoch {m.Epoch}: train −ELBO {m.Train.Total:F1}, validation −ELBO {m.Validation!.Value.Total:F1} nats/image");
}

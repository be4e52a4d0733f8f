using System.Text.Json.Serialization;
using Vae.MLNet.Data;

namespace Vae.MLNet.Runs;

/// <summary>
/// The training job's data: which dataset a run trains, validates and tests on, and how much of it. Apart from the
/// hyperparameters (<see cref="TrainingOptions"/>), since training inside an ML.NET pipeline takes its images from the
/// pipeline instead. A run folder's options.json holds both, side by side.
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>Dataset location: an MNIST-layout IDX directory or a Sign-Language-MNIST training CSV (its test CSV beside
    /// it). Written as options.json's field <c>data</c>.</summary>
    [JsonPropertyName("data")]
    public string Path { get; init; } = DatasetLoader.DefaultFashionMnistDirectory;

    /// <summary>Use only the first N training images (quick runs and tests); null for all.</summary>
    public int? MaxTrainImages { get; init; }

    /// <summary>Use only the first N test images; null for all.</summary>
    public int? MaxTestImages { get; init; }

    /// <summary>
    /// Checks ranges; throws naming the property (<c>DatasetOptions.MaxTrainImages</c>), or, when read from
    /// <paramref name="file"/> (a run folder's options.json), that file and the field's JSON name.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate(string? file = null)
    {
        var checks = new OptionChecks(nameof(DatasetOptions), file);
        string N(string property, string field) => checks.Name(property, field);
        void Require(bool ok, string message) => checks.Require(ok, message);

        Require(!string.IsNullOrWhiteSpace(Path), $"{N(nameof(Path), "data")} is empty; expected a dataset folder or CSV file.");
        Require(MaxTrainImages is null or >= 2, $"{N(nameof(MaxTrainImages), "maxTrainImages")} must be ≥ 2, got {MaxTrainImages}.");
        Require(MaxTestImages is null or >= 1, $"{N(nameof(MaxTestImages), "maxTestImages")} must be ≥ 1, got {MaxTestImages}.");
    }
}

using System.Text.Json.Serialization;
using Vae.MLNet.Models;

namespace Vae.MLNet.Runs;

/// <summary>
/// The training job's data: which dataset a run trains, validates and tests on, and how much of it. Apart from the
/// hyperparameters (<see cref="TrainingOptions"/>), since training inside an ML.NET pipeline takes its images from the
/// pipeline instead. A run folder's options.json holds both, side by side.
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs Fashion-MNIST: the default data.</summary>
    public const string DefaultPath = "/usr/share/datasets/fashion-mnist";

    /// <summary>Dataset location: an MNIST-layout IDX directory, a Sign-Language-MNIST training CSV (its test CSV beside
    /// it), or a folder of images, one folder per class. Written as options.json's field <c>data</c>.</summary>
    [JsonPropertyName("data")]
    public string Path { get; init; } = DefaultPath;

    /// <summary>Use only the first N training images (quick runs and tests); null for all.</summary>
    public int? MaxTrainImages { get; init; }

    /// <summary>Use only the first N test images; null for all.</summary>
    public int? MaxTestImages { get; init; }

    /// <summary>Height, in pixels, that a folder of images is resized to (with <see cref="ImageWidth"/>); null: the
    /// images' own, when all agree.</summary>
    public int? ImageHeight { get; init; }

    /// <summary>Width, in pixels, that a folder of images is resized to (with <see cref="ImageHeight"/>).</summary>
    public int? ImageWidth { get; init; }

    /// <summary>Channels a folder of images is read with: 1 (grayscale) or 3 (RGB); null: 3 when any image has colour.</summary>
    public int? Channels { get; init; }

    /// <summary>Leave out a folder's files that cannot be decoded (corrupt, empty, not images) instead of failing;
    /// how many were left out is said.</summary>
    public bool SkipBadImages { get; init; }

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
        Require(
            ImageHeight.HasValue == ImageWidth.HasValue,
            $"{N(nameof(ImageHeight), "imageHeight")} and {N(nameof(ImageWidth), "imageWidth")} go together; set both or neither."
        );
        foreach (
            var (value, property, field) in new[]
            {
                (ImageHeight, nameof(ImageHeight), "imageHeight"),
                (ImageWidth, nameof(ImageWidth), "imageWidth"),
            }
        )
            Require(
                value is null or (>= 1 and <= ImageShape.MaxSide),
                $"{N(property, field)} must be in [1, {ImageShape.MaxSide}], got {value}."
            );
        Require(Channels is null or 1 or 3, $"{N(nameof(Channels), "channels")} must be 1 (grayscale) or 3 (RGB), got {Channels}.");
    }
}

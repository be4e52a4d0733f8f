using Vae.MLNet.Models;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;
using Vae.MLNet.Imaging;
using Vae.MLNet.Engine;

namespace Vae.MLNet.Training;

/// <summary>
/// The files a training run leaves behind, all written atomically:
/// <c>options.json</c>, <c>model.spec</c>, <c>checkpoint.pt</c> (and <c>best.pt</c> with early stopping),
/// <c>metrics.csv</c>, <c>metrics.json</c>, <c>result.json</c>, <c>reconstructions.png</c>, the ONNX
/// files, and the append-only <c>train.log</c>.
/// </summary>
public sealed class RunFolder
{
    /// <summary>Checkpoint file name: the latest state (end of the last epoch, or where an interrupted run stopped).</summary>
    public const string CheckpointFile = "checkpoint.pt";
    /// <summary>Weights of the best validation epoch, kept when early stopping is on.</summary>
    public const string BestCheckpointFile = "best.pt";
    /// <summary>Options file name.</summary>
    public const string OptionsFile = "options.json";
    /// <summary>Architecture spec file name.</summary>
    public const string SpecFile = "model.spec";
    /// <summary>Per-epoch metrics, CSV.</summary>
    public const string MetricsCsvFile = "metrics.csv";
    /// <summary>Per-epoch metrics, JSON.</summary>
    public const string MetricsJsonFile = "metrics.json";
    /// <summary>Final test figures.</summary>
    public const string ResultFile = "result.json";
    /// <summary>Test images over their reconstructions.</summary>
    public const string ReconstructionsFile = "reconstructions.png";

    /// <summary>JSON settings of every file written here (indented, enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // A trainer state holds +∞ before its first validation loss.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Refuses a folder a new run must not write into: an existing file, a folder holding a finished
    /// run (result.json), a run in progress (options.json: resume it), or anything else. A missing
    /// or empty folder is fine. Nothing is created or changed.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is not usable; the message says why and what to do.</exception>
    public static void RequireNew(string path)
    {
        if (System.IO.File.Exists(path)) throw new ArgumentException($"run folder '{path}' is a file; give a folder (--out).");
        // A lone lock file is what a process killed before writing options.json leaves: the folder is empty.
        if (!Directory.Exists(path) || Directory.EnumerateFileSystemEntries(path).All(e => System.IO.Path.GetFileName(e) == RunLock.FileName)) return;
        if (System.IO.File.Exists(System.IO.Path.Combine(path, ResultFile)))
            throw new ArgumentException($"run folder '{path}' holds a finished run ({ResultFile}); choose another --out, or pass --overwrite to replace it.");
        if (System.IO.File.Exists(System.IO.Path.Combine(path, OptionsFile)))
            throw new ArgumentException($"run folder '{path}' holds a run in progress; continue it with 'vae train --resume {path}', choose another --out, or pass --overwrite to start it again.");
        throw new ArgumentException($"run folder '{path}' is not empty and holds no run; choose an empty or new folder (--out).");
    }

    /// <summary>True when <paramref name="path"/> is a folder a run wrote (it holds options.json): the only kind <c>--overwrite</c> deletes.</summary>
    public static bool IsRun(string path) => System.IO.File.Exists(System.IO.Path.Combine(path, OptionsFile));

    /// <summary>Creates the folder if needed.</summary>
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>Full path of a file in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes the options and the architecture spec.</summary>
    public void WriteOptions(TrainingOptions options)
    {
        AtomicFile.WriteAllText(File(OptionsFile), JsonSerializer.Serialize(options, Json));
        AtomicFile.WriteAllText(File(SpecFile), options.Architecture().ToText());
    }

    /// <summary>Writes per-epoch metrics as CSV (one header row, invariant culture) and JSON.</summary>
    public void WriteMetrics(IReadOnlyList<EpochMetrics> epochs)
    {
        var csv = new StringBuilder("epoch,train_total,train_reconstruction,train_kl,val_total,val_reconstruction,val_kl,seconds,train_images_per_s,learning_rate\n");
        foreach (var e in epochs)
        {
            var v = e.Validation;
            csv.AppendLine(string.Join(',', new object?[]
            {
                e.Epoch, e.Train.Total, e.Train.Reconstruction, e.Train.Kl,
                v?.Total, v?.Reconstruction, v?.Kl, e.Seconds, e.TrainImagesPerSecond, e.LearningRate,
            }.Select(x => x switch { double d => d.ToString("R", CultureInfo.InvariantCulture), IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => "" })));
        }
        AtomicFile.WriteAllText(File(MetricsCsvFile), csv.ToString());
        AtomicFile.WriteAllText(File(MetricsJsonFile), JsonSerializer.Serialize(epochs, Json));
    }

    /// <summary>Writes the final figures.</summary>
    public void WriteResult(TrainingResult result) =>
        AtomicFile.WriteAllText(File(ResultFile), JsonSerializer.Serialize(result, Json));

    /// <summary>
    /// Writes a PNG of the first <paramref name="count"/> test images (odd rows) over their
    /// reconstructions (even rows), <paramref name="columns"/> per row.
    /// </summary>
    public void WriteReconstructions(TorchVaeModel model, ImageDataset test, int count = 32, int columns = 16)
    {
        count = Math.Min(count, test.Count);
        var originals = new float[count * ImageShape.Pixels];
        test.CopyImages(0, count, originals);
        var mu = new float[count * model.Spec.LatentSize];
        model.Encode(originals, mu, []);
        var decoded = new float[originals.Length];
        model.Decode(mu, decoded);
        var tiles = ImageGrid.InterleaveRows(originals, decoded, ImageShape.Pixels, columns);
        var (w, h, pixels) = ImageGrid.Compose(tiles, ImageShape.Side, columns);
        AtomicFile.WriteAllBytes(File(ReconstructionsFile), PngEncoder.EncodeGray8(w, h, pixels));
    }
}

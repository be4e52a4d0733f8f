using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet.Runs;

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
        // A hand-edited file with a field twice is refused rather than read as its last value.
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Refuses a folder a new run must not write into: an existing file, a folder holding a finished
    /// run (result.json), a run in progress (options.json: resume it), or anything else. A missing
    /// or empty folder is fine. Nothing is created or changed.
    /// </summary>
    /// <exception cref="RunFolderConflictException">The folder is not usable; <see cref="RunFolderConflictException.Conflict"/>
    /// says why, and the message what to do.</exception>
    public static void RequireNew(string path)
    {
        if (System.IO.File.Exists(path))
            throw new RunFolderConflictException(path, RunFolderConflict.IsAFile, $"run folder '{path}' is a file; expected a folder.");
        // A lone lock file is what a process killed before writing options.json leaves: the folder is empty.
        if (
            !Directory.Exists(path)
            || Directory.EnumerateFileSystemEntries(path).All(e => System.IO.Path.GetFileName(e) == RunLock.FileName)
        )
            return;
        if (System.IO.File.Exists(System.IO.Path.Combine(path, ResultFile)))
            throw new RunFolderConflictException(
                path,
                RunFolderConflict.FinishedRun,
                $"run folder '{path}' holds a finished run ({ResultFile}); choose another folder, or delete that run to replace it."
            );
        if (System.IO.File.Exists(System.IO.Path.Combine(path, OptionsFile)))
            throw new RunFolderConflictException(
                path,
                RunFolderConflict.RunInProgress,
                $"run folder '{path}' holds a run in progress; resume it (TrainingJob.Resume), choose another folder, "
                    + "or delete that run to start it again."
            );
        throw new RunFolderConflictException(
            path,
            RunFolderConflict.NotEmpty,
            $"run folder '{path}' is not empty and holds no run; choose an empty or new folder."
        );
    }

    /// <summary>
    /// Creates the folder at <paramref name="path"/> (and its parents) unless it exists; true only for the one caller,
    /// among processes racing to create it, whose <c>mkdir</c> made it.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static bool CreateIfMissing(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full.TrimEnd('/'))!);
        if (!OperatingSystem.IsLinux())
        {
            bool existed = Directory.Exists(full);
            Directory.CreateDirectory(full);
            return !existed;
        }
        if (MakeDirectory(full, 0b111_111_111) == 0) // 0777, less the umask, as Directory.CreateDirectory does
            return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == EExist && Directory.Exists(full))
            return false;
        throw new IOException($"run folder '{path}' cannot be created (errno {errno}).");
    }

    private const int EExist = 17;

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int MakeDirectory([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    /// <summary>True when <paramref name="path"/> is a folder a run wrote (it holds options.json): the only kind a
    /// caller should delete to start a run again.</summary>
    public static bool IsRun(string path) => System.IO.File.Exists(System.IO.Path.Combine(path, OptionsFile));

    /// <summary>
    /// The run folder at <paramref name="path"/>, which must exist: reading a run never creates its
    /// folder (the constructor does).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such folder; the message says what was expected.</exception>
    public static RunFolder Open(string path) =>
        Directory.Exists(path)
            ? new RunFolder(path)
            : throw new FileNotFoundException($"{path} not found: expected a training run folder.", path);

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

    /// <summary>options.json's field for the images' shape (<see cref="ReadImageShape"/>).</summary>
    public const string ImageShapeField = "imageShape";

    /// <summary>Writes the options, the dataset settings and the images' shape side by side in options.json (one flat
    /// object, as <see cref="ReadOptions"/>, <see cref="ReadDataset"/> and <see cref="ReadImageShape"/> read it), and
    /// the architecture spec they build.</summary>
    /// <exception cref="ArgumentException">The preset does not take that shape.</exception>
    public void WriteOptions(TrainingOptions options, DatasetOptions dataset, ImageShape shape)
    {
        string spec = options.Architecture(shape).ToText();
        var json = JsonSerializer.SerializeToNode(options, Json)!.AsObject();
        foreach (var (name, value) in JsonSerializer.SerializeToNode(dataset, Json)!.AsObject())
            json[name] = value?.DeepClone();
        json[ImageShapeField] = JsonSerializer.SerializeToNode(shape, Json);
        AtomicFile.WriteAllText(File(OptionsFile), json.ToJsonString(Json));
        AtomicFile.WriteAllText(File(SpecFile), spec);
    }

    /// <summary>
    /// The shape of the images the run was trained on, from options.json; <see cref="ImageShape.Mnist"/> for a run
    /// folder written before shapes were recorded (which has no such field).
    /// </summary>
    /// <exception cref="FileNotFoundException">options.json is missing.</exception>
    /// <exception cref="InvalidDataException">The field is not a valid shape (the message names the file and field).</exception>
    public ImageShape ReadImageShape()
    {
        string path = Require(File(OptionsFile));
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(path))?[ImageShapeField];
            return node is null ? ImageShape.Mnist : node.Deserialize<ImageShape>(Json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException(
                $"{path}: field '{ImageShapeField}' is not an image shape ({{\"channels\": 1|3, \"height\": H, \"width\": W}}): "
                    + e.Message,
                e
            );
        }
    }

    /// <summary>The run's architecture: options.json's preset, kind and latent size for its images' shape.</summary>
    /// <exception cref="FileNotFoundException">options.json is missing.</exception>
    /// <exception cref="InvalidDataException">As <see cref="ReadOptions"/> and <see cref="ReadImageShape"/>.</exception>
    public ArchitectureSpec ReadArchitecture() => ReadOptions().Architecture(ReadImageShape());

    /// <summary>
    /// Refuses a run folder training could not write into, before the data is loaded: the folder is not writable, or a
    /// file the run writes (train.lock, train.log, the checkpoint, the ONNX pair, …) is a directory or a special file.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    /// <exception cref="InvalidDataException">A file's path holds something else; the message names it.</exception>
    public void RequireWritable()
    {
        string[] written =
        [
            RunLock.FileName,
            RunLog.FileName,
            CheckpointFile,
            BestCheckpointFile,
            OptionsFile,
            SpecFile,
            MetricsCsvFile,
            MetricsJsonFile,
            ResultFile,
            ReconstructionsFile,
            OnnxContract.EncoderFile,
            OnnxContract.DecoderFile,
        ];
        foreach (var name in written)
            if (FileKind.OfLink(File(name)) is var kind and not (PathKind.Missing or PathKind.RegularFile or PathKind.SymbolicLink))
                throw new InvalidDataException(
                    $"{File(name)}: {FileKind.Problem(kind) ?? "is a directory"}; the run writes this file. Remove it, then resume."
                );
        AtomicFile.RequireWritable(Path, "run folder");
    }

    /// <summary>Writes per-epoch metrics as CSV (one header row, invariant culture) and JSON.</summary>
    public void WriteMetrics(IReadOnlyList<EpochMetrics> epochs)
    {
        var csv = new StringBuilder(
            "epoch,train_total,train_reconstruction,train_kl,val_total,val_reconstruction,val_kl,seconds,train_images_per_s,learning_rate\n"
        );
        foreach (var e in epochs)
        {
            var v = e.Validation;
            csv.AppendLine(
                string.Join(
                    ',',
                    new object?[]
                    {
                        e.Epoch,
                        e.Train.Total,
                        e.Train.Reconstruction,
                        e.Train.Kl,
                        v?.Total,
                        v?.Reconstruction,
                        v?.Kl,
                        e.Seconds,
                        e.TrainImagesPerSecond,
                        e.LearningRate,
                    }.Select(x =>
                        x switch
                        {
                            double d => d.ToString("R", CultureInfo.InvariantCulture),
                            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                            _ => "",
                        }
                    )
                )
            );
        }
        AtomicFile.WriteAllText(File(MetricsCsvFile), csv.ToString());
        AtomicFile.WriteAllText(File(MetricsJsonFile), JsonSerializer.Serialize(epochs, Json));
    }

    /// <summary>Writes the final figures.</summary>
    public void WriteResult(TrainingResult result) => AtomicFile.WriteAllText(File(ResultFile), JsonSerializer.Serialize(result, Json));

    /// <summary>
    /// Reads options.json, checks its ranges (<see cref="TrainingOptions.Validate"/>,
    /// naming the file and field) and that model.spec, when present, is the architecture those options
    /// build: model.spec records the architecture and is never read to build it, so a hand-edited one
    /// is refused rather than ignored.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not valid options JSON, or model.spec differs (the message
    /// names the file and line).</exception>
    /// <exception cref="ArgumentException">A field is out of range (the message names the file and field).</exception>
    public TrainingOptions ReadOptions()
    {
        var (path, options) = ReadOptionsFile<TrainingOptions>();
        options.Validate(path);
        CheckSpec(File(SpecFile), options, ReadImageShape());
        return options;
    }

    /// <summary>Reads the dataset settings of options.json and checks their ranges, naming the file and field.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not valid options JSON.</exception>
    /// <exception cref="ArgumentException">A field is out of range (the message names the file and field).</exception>
    public DatasetOptions ReadDataset()
    {
        var (path, dataset) = ReadOptionsFile<DatasetOptions>();
        dataset.Validate(path);
        return dataset;
    }

    private (string Path, T Value) ReadOptionsFile<T>()
        where T : class
    {
        string path = Require(File(OptionsFile));
        try
        {
            return (
                path,
                JsonSerializer.Deserialize<T>(System.IO.File.ReadAllText(path), Json)
                    ?? throw new InvalidDataException($"{path}: empty options.")
            );
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid training options JSON: {e.Message}", e);
        }
    }

    private static void CheckSpec(string path, TrainingOptions options, ImageShape shape)
    {
        if (!System.IO.File.Exists(path))
            return;
        var expected = options.Architecture(shape).ToText().Split('\n');
        var actual = System.IO.File.ReadAllText(path).Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            string want = i < expected.Length ? expected[i] : "(end of file)",
                got = i < actual.Length ? actual[i] : "(end of file)";
            if (want != got)
                throw new InvalidDataException(
                    $"{path}: line {i + 1} is '{got}', but options.json's preset '{options.Preset}' with latent size "
                        + $"{options.LatentSize} for {shape} images builds '{want}'. model.spec records "
                        + "the architecture and is not read to build it: restore it."
                );
        }
    }

    /// <summary>Reads result.json, or null when the run has not finished.</summary>
    public TrainingResult? ReadResult()
    {
        string path = File(ResultFile);
        return System.IO.File.Exists(path) ? JsonSerializer.Deserialize<TrainingResult>(System.IO.File.ReadAllText(path), Json) : null;
    }

    private static string Require(string path) =>
        System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"{path} not found: is this a training run folder?", path);
}

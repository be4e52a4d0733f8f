using System.CommandLine;
using Vae.MLNet.Data;
using Vae.MLNet.Models;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Cli;

/// <summary><c>vae encode MODEL_DIR DATA --out FILE</c>: streams a dataset through the encoder.</summary>
internal static class EncodeCommand
{
    private static readonly Argument<string> Data = new("DATA")
    {
        Description = "MNIST-layout IDX directory or a Sign-Language-MNIST training CSV",
    };
    private static readonly Option<string> Out = new("--out") { Description = "Latent file to write", Required = true };
    private static readonly Option<string> Format = new("--format")
    {
        Description = "csv or bin (see docs/formats.md); default: from --out's extension (.csv → csv, else bin)",
    };
    private static readonly Option<string> Split = new("--split") { Description = "train or test", DefaultValueFactory = _ => "test" };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Images per ONNX Runtime call",
        DefaultValueFactory = _ => EvaluationBatch.Size,
    };

    private const int MaxBatchSize = 65_536; // 205 MB of float32 images in one ONNX Runtime call

    internal static Command Create()
    {
        var command = new Command("encode", "Encode a dataset to latent mu (and log_var) with labels, in batches with constant memory.")
        {
            ScoringOptions.ModelDir,
            Data,
            Out,
            Format,
            Split,
            BatchSize,
            ScoringOptions.Threads,
            ScoringOptions.Device,
            ScoringOptions.FallbackToCpu,
        };
        command.SetAction(parse => CommandErrors.Run(() => Execute(parse)));
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        string output = OutputFile.Check(
            parse.GetValue(Out)!,
            OutputFile.Dataset(parse.GetValue(Data)!, "DATA").Concat(OutputFile.ModelFolder(parse.GetValue(ScoringOptions.ModelDir)!))
        );
        var format = ParseFormat(parse.GetValue(Format), output);
        var split = parse.GetValue(Split) switch
        {
            "train" => DataSplit.Train,
            "test" => DataSplit.Test,
            var s => throw new ArgumentException($"--split must be train or test, got '{s}'."),
        };
        int batchSize = parse.GetValue(BatchSize);
        if (batchSize is < 1 or > MaxBatchSize)
            throw new ArgumentException($"--batch-size must be in [1, {MaxBatchSize}], got {batchSize}.");
        using var model = ScoringOptions.Open(parse);
        // A folder of images is read at the model's shape; IDX and CSV files have their own.
        var data = new Runs.DatasetOptions
        {
            Path = parse.GetValue(Data)!,
            ImageHeight = model.Shape.Height,
            ImageWidth = model.Shape.Width,
            Channels = model.Shape.Channels,
        };
        var batches = DatasetLoader.Stream(data, split, batchSize, out int total);
        if (total == 0)
            throw new ArgumentException($"{parse.GetValue(Data)}: the {parse.GetValue(Split)} split holds 0 images; nothing to encode.");
        var progress = new ConsoleProgress("encoding", total);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long n = BatchEncoder.Encode(model, batches, output, format, progress.Report);
        Console.WriteLine(
            $"Wrote {n:N0} rows (d = {model.LatentSize}{(model.HasLogVar ? ", mu and log_var" : ", mu")}) to {Path.GetFullPath(output)} "
                + $"in {clock.Elapsed.TotalSeconds:F1} s ({n / clock.Elapsed.TotalSeconds:N0} images/s)."
        );
        return ExitCodes.Ok;
    }

    private static LatentFormat ParseFormat(string? text, string output) =>
        (text ?? (output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "bin")) switch
        {
            "csv" => LatentFormat.Csv,
            "bin" => LatentFormat.Binary,
            var f => throw new ArgumentException($"--format must be csv or bin, got '{f}'."),
        };
}

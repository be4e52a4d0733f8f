using System.CommandLine;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Cli;

/// <summary>Options shared by the commands that score ONNX files.</summary>
internal static class ScoringOptions
{
    internal static readonly Argument<string> ModelDir = new("MODEL_DIR") { Description = "Folder holding encoder.onnx and decoder.onnx (a run folder)" };
    internal static readonly Option<int> Threads = new("--threads") { Description = "ONNX Runtime intra-op threads (0 = ORT's default: one per core)", DefaultValueFactory = _ => 0 };
    internal static readonly Option<string> Device = new("--device") { Description = "Execution provider: cpu or cuda", DefaultValueFactory = _ => "cpu" };
    internal static readonly Option<int> Columns = new("--columns") { Description = "Images per row of the PNG grid", DefaultValueFactory = _ => 8 };

    internal static OnnxScoringOptions Session(ParseResult parse) => new()
    {
        IntraOpThreads = parse.GetValue(Threads),
        Device = parse.GetValue(Device)!,
    };
}

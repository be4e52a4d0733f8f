using System.CommandLine;
using Vae.MLNet.Scoring;

namespace Vae.MLNet.Cli;

/// <summary>Options shared by the commands that score ONNX files.</summary>
internal static class ScoringOptions
{
    internal static readonly Argument<string> ModelDir = new("MODEL_DIR")
    {
        Description = "Folder holding encoder.onnx and decoder.onnx (a run folder)",
    };

    /// <summary>Most threads any command takes: one per core of this machine (more only stall each other: 999 once
    /// started 2,003 threads).</summary>
    internal static int MaxThreads => Environment.ProcessorCount;
    internal static readonly Option<int> Threads = new("--threads")
    {
        Description = $"ONNX Runtime intra-op threads, 0–{MaxThreads} (0 = ORT's default: one per core)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>Most images per row of a grid: 100 makes a 3,002-pixel-wide PNG.</summary>
    internal const int MaxColumns = 100;
    internal static readonly Option<string> Device = new("--device")
    {
        Description =
            $"Execution provider: cpu, cuda or cuda:N (needs the CLI built with -p:OnnxRuntimeGpu=true: {OrtSessions.GpuPackage})",
        DefaultValueFactory = _ => "cpu",
    };
    internal static readonly Option<bool> FallbackToCpu = new("--fallback-to-cpu")
    {
        Description = "When CUDA cannot run, score on the CPU (saying why once) instead of failing",
    };
    internal static readonly Option<int> Columns = new("--columns")
    {
        Description = $"Images per row of the PNG grid, 1–{MaxColumns}",
        DefaultValueFactory = _ => 8,
    };

    internal static OnnxScoringOptions Session(ParseResult parse)
    {
        var options = new OnnxScoringOptions
        {
            IntraOpThreads = CheckedThreads(parse),
            Device = parse.GetValue(Device)!,
            FallbackToCpu = parse.GetValue(FallbackToCpu),
        };
        _ = options.CudaDeviceId; // an unknown device is refused before any work
        return options;
    }

    /// <summary>Opens a model folder's sessions, saying once on stderr when CUDA fell back to the CPU.</summary>
    internal static OnnxVaeModel Open(ParseResult parse)
    {
        var model = OnnxVaeModel.Open(parse.GetValue(ModelDir)!, Session(parse));
        if (model.FallbackReason is { } reason)
            Console.Error.WriteLine($"warning: scoring on the CPU: {OptionFlags.Translate(reason)}.");
        return model;
    }

    /// <exception cref="ArgumentException">--threads is negative or more than the machine's cores.</exception>
    internal static int CheckedThreads(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 0 || threads > MaxThreads)
            throw new ArgumentException($"--threads must be in [0, {MaxThreads}] (the cores of this machine), got {threads}.");
        return threads;
    }
}

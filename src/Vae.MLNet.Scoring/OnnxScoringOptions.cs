namespace Vae.MLNet.Scoring;

/// <summary>How <see cref="OnnxVaeModel"/> creates its ONNX Runtime sessions. Defaults: ORT's thread count, CPU.</summary>
public sealed record OnnxScoringOptions
{
    /// <summary>The CPU execution provider.</summary>
    public const string Cpu = "cpu";
    /// <summary>The CUDA execution provider (needs a GPU build of ONNX Runtime).</summary>
    public const string Cuda = "cuda";

    /// <summary>Threads used within an operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>"cpu" or "cuda" (CUDA device 0).</summary>
    public string Device { get; init; } = Cpu;
}

namespace Vae.MLNet.OnnxRuntime;

/// <summary>ONNX Runtime graph optimization levels (GraphOptimizationLevel in onnxruntime_c_api.h).</summary>
public enum GraphOptimization
{
    /// <summary>No graph optimizations.</summary>
    Disabled = 0,
    /// <summary>Constant folding, redundant node elimination.</summary>
    Basic = 1,
    /// <summary>Basic plus node fusions.</summary>
    Extended = 2,
    /// <summary>All optimizations, including layout ones (ORT's default).</summary>
    All = 99,
}

/// <summary>How a session is created. Defaults: ORT's default thread count, all optimizations, CPU.</summary>
public sealed record SessionOptions
{
    /// <summary>Execution provider name for the CPU.</summary>
    public const string Cpu = "cpu";
    /// <summary>Execution provider name for CUDA GPUs.</summary>
    public const string Cuda = "cuda";

    /// <summary>Threads used within an operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Graph optimization level.</summary>
    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>"cpu" or "cuda" (CUDA device 0, with CPU fallback for unsupported operators).</summary>
    public string ExecutionProvider { get; init; } = Cpu;
}

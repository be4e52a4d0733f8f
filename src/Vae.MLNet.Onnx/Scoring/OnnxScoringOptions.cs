using System.Globalization;

namespace Vae.MLNet.Scoring;

/// <summary>How <see cref="OnnxVaeModel"/> creates its ONNX Runtime sessions. Defaults: ORT's thread count, CPU.</summary>
public sealed record OnnxScoringOptions
{
    /// <summary>The CPU execution provider.</summary>
    public const string Cpu = "cpu";

    /// <summary>The CUDA execution provider on device 0; "cuda:N" names device N (needs a GPU build of ONNX Runtime).</summary>
    public const string Cuda = "cuda";

    /// <summary>Threads used within an operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>"cpu", "cuda" (CUDA device 0) or "cuda:N".</summary>
    public string Device { get; init; } = Cpu;

    /// <summary>
    /// When CUDA is asked for but cannot be used (no GPU build of ONNX Runtime, no CUDA libraries, no
    /// device), run on the CPU instead of failing; <see cref="OnnxVaeModel.FallbackReason"/> says why.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>The CUDA device of <see cref="Device"/>, or null for the CPU.</summary>
    /// <exception cref="ArgumentException">The device is neither cpu, cuda nor cuda:N with N ≥ 0.</exception>
    public int? CudaDeviceId => ParseDevice(Device);

    /// <summary>Parses "cpu" (null), "cuda" (0) or "cuda:N" (N).</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static int? ParseDevice(string device) =>
        device switch
        {
            Cpu => null,
            Cuda => 0,
            _ when device.StartsWith("cuda:", StringComparison.Ordinal)
                    && int.TryParse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int id) => id,
            _ => throw new ArgumentException(
                $"{nameof(OnnxScoringOptions)}.{nameof(Device)} '{device}' is not known; "
                    + "expected cpu, cuda or cuda:N (a CUDA device number)."
            ),
        };
}

namespace Vae.MLNet.Service;

/// <summary>Limits and settings of the scoring service. Defaults suit a 2-core machine.</summary>
public sealed record ServiceOptions
{
    /// <summary>Largest batch (images or latent vectors) per request; more gives 413.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>Largest request body in bytes; more gives 413. Default 16 MiB (1024 float32 images are 3.2 MB binary, ~10 MB JSON).</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>ONNX Runtime intra-op threads per session (0: ORT's default).</summary>
    public int Threads { get; init; }
}

namespace Vae.MLNet.Cli;

/// <summary>Process exit codes of the <c>vae</c> tool (also listed in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>A bad option value or a missing or malformed data file.</summary>
    public const int BadInput = 2;

    /// <summary>The training engine failed (e.g. CUDA asked for on a CPU-only build, native library missing).</summary>
    public const int EngineError = 3;

    /// <summary>Training diverged: the loss became NaN or infinite (the last epoch's checkpoint is kept).</summary>
    public const int Diverged = 4;

    /// <summary>Interrupted by SIGINT (Ctrl-C) or SIGTERM; for training, after saving a checkpoint to resume from.</summary>
    public const int Interrupted = 130;
}

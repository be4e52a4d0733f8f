namespace Vae.MLNet.Torch;

/// <summary>Status codes of the native engine (VaeStatus in vae_torch.h).</summary>
public enum TorchErrorCode
{
    /// <summary>A bad argument: null buffer, size mismatch, malformed architecture spec.</summary>
    Argument = 1,

    /// <summary>The requested device is not available in this build.</summary>
    Device = 2,

    /// <summary>A checkpoint could not be read or written.</summary>
    Io = 3,

    /// <summary>libtorch raised an error.</summary>
    Torch = 4,

    /// <summary>Any other native failure.</summary>
    Unknown = 5,
}

/// <summary>A native engine call failed; <see cref="Exception.Message"/> is the engine's message.</summary>
public sealed class TorchEngineException : Exception
{
    /// <summary>Creates the exception for a failed native call.</summary>
    public TorchEngineException(TorchErrorCode code, string message) : base(message) => Code = code;

    /// <summary>What kind of failure the engine reported.</summary>
    public TorchErrorCode Code { get; }
}

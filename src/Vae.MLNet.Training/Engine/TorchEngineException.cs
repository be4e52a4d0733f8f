namespace Vae.MLNet.Engine;

/// <summary>What kind of failure the training engine reported.</summary>
public enum TorchErrorCode
{
    /// <summary>A bad argument: size mismatch, malformed architecture, no optimizer set.</summary>
    Argument = 1,

    /// <summary>The requested device is not available in this build.</summary>
    Device = 2,

    /// <summary>A checkpoint could not be read or written, or was written by another engine.</summary>
    Io = 3,

    /// <summary>libtorch raised an error, or its native libraries could not be loaded.</summary>
    Torch = 4,
}

/// <summary>The training engine (TorchSharp over libtorch) failed; the message says what and where.</summary>
public sealed class TorchEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchEngineException(TorchErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    /// <summary>What kind of failure it was.</summary>
    public TorchErrorCode Code { get; }
}

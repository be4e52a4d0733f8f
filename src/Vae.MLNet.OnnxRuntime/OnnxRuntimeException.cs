namespace Vae.MLNet.OnnxRuntime;

/// <summary>OrtErrorCode of onnxruntime_c_api.h.</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,
    /// <summary>Generic failure.</summary>
    Fail = 1,
    /// <summary>An argument was invalid (e.g. an input of the wrong shape).</summary>
    InvalidArgument = 2,
    /// <summary>The model file does not exist.</summary>
    NoSuchFile = 3,
    /// <summary>No model.</summary>
    NoModel = 4,
    /// <summary>Execution failed in a kernel.</summary>
    EngineError = 5,
    /// <summary>A runtime exception.</summary>
    RuntimeException = 6,
    /// <summary>The file is not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,
    /// <summary>The model was already loaded.</summary>
    ModelLoaded = 8,
    /// <summary>Not implemented.</summary>
    NotImplemented = 9,
    /// <summary>The graph is invalid.</summary>
    InvalidGraph = 10,
    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}

/// <summary>An ONNX Runtime call failed, or a call was refused before reaching it; the message is ORT's own where ORT produced it.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxRuntimeException(OrtErrorCode code, string message) : base(message) => Code = code;

    /// <summary>ORT's error code (<see cref="OrtErrorCode.InvalidArgument"/> for checks made by this binding).</summary>
    public OrtErrorCode Code { get; }
}

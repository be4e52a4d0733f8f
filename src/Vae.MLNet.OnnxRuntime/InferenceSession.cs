using System.Buffers;
using System.Runtime.InteropServices;
using Vae.MLNet.OnnxRuntime.Native;

namespace Vae.MLNet.OnnxRuntime;

/// <summary>
/// An ONNX Runtime session over one model. <see cref="Run"/> may be called from many threads at
/// once (ORT sessions are thread-safe for Run; this wrapper keeps no per-run state). Dispose releases
/// the native session; do not dispose while a run is in flight.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    private readonly SessionHandle _session;
    private readonly Dictionary<string, (TensorInfo Info, IntPtr Utf8Name)> _inputs;
    private readonly Dictionary<string, (TensorInfo Info, IntPtr Utf8Name)> _outputs;
    private bool _disposed;

    private InferenceSession(IntPtr session, string source)
    {
        _session = new SessionHandle(session);
        Source = source;
        _inputs = Describe(session, input: true);
        _outputs = Describe(session, input: false);
        Inputs = _inputs.Values.Select(v => v.Info).ToArray();
        Outputs = _outputs.Values.Select(v => v.Info).ToArray();
        (Metadata, ProducerName) = OrtApi.Metadata(session);
    }

    /// <summary>The ONNX Runtime version of the loaded library, e.g. "1.30.0".</summary>
    /// <exception cref="DllNotFoundException">libonnxruntime.so.1 is missing (the message says how to install it).</exception>
    public static string RuntimeVersion => OrtLibrary.Version;

    /// <summary>Execution providers compiled into the loaded library, e.g. "CPUExecutionProvider".</summary>
    public static IReadOnlyList<string> AvailableProviders => OrtApi.AvailableProviders();

    /// <summary>The model file path, or "model bytes".</summary>
    public string Source { get; }

    /// <summary>Model inputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>Model outputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>The model's metadata_props.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The model's producer_name.</summary>
    public string ProducerName { get; }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejects the file (corrupt, invalid graph) or the options (e.g. CUDA on a CPU-only build); the message names the file.</exception>
    public static InferenceSession FromFile(string path, SessionOptions? options = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model '{path}' not found.", path);
        using var opts = CreateOptions(options ?? new SessionOptions());
        return new InferenceSession(OrtApi.CreateSession(EnvHandle.Instance.DangerousGetHandle(), path, opts.DangerousGetHandle()), path);
    }

    /// <summary>Loads a model from memory (the bytes are not kept).</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejects the model or the options.</exception>
    public static InferenceSession FromBytes(ReadOnlySpan<byte> model, SessionOptions? options = null)
    {
        using var opts = CreateOptions(options ?? new SessionOptions());
        return new InferenceSession(OrtApi.CreateSessionFromArray(EnvHandle.Instance.DangerousGetHandle(), model, opts.DangerousGetHandle()), "model bytes");
    }

    /// <summary>
    /// Runs the model: reads each input from its caller-owned buffer and writes each requested output
    /// into its caller-owned buffer, without copies. Shapes are checked against the model first.
    /// </summary>
    /// <param name="inputs">Every model input, by name.</param>
    /// <param name="outputs">The outputs wanted, by name, with buffers of exactly their size.</param>
    /// <exception cref="OnnxRuntimeException">An unknown name (the message lists the valid ones), a shape that does not
    /// fit the model's (both are named), a buffer of the wrong length, or an ORT failure.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public unsafe void Run(IReadOnlyList<FloatTensor> inputs, IReadOnlyList<FloatTensor> outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inNames = stackalloc IntPtr[inputs.Count];
        var outNames = stackalloc IntPtr[outputs.Count];
        var values = new IntPtr[inputs.Count + outputs.Count];
        var pins = new MemoryHandle[values.Length];
        bool added = false;
        try
        {
            _session.DangerousAddRef(ref added);
            for (int i = 0; i < inputs.Count; i++)
                (inNames[i], values[i]) = Bind(inputs[i], _inputs, "input", ref pins[i]);
            for (int i = 0; i < outputs.Count; i++)
                (outNames[i], values[inputs.Count + i]) = Bind(outputs[i], _outputs, "output", ref pins[inputs.Count + i]);
            fixed (IntPtr* v = values)
                OrtApi.Run(_session.DangerousGetHandle(), inNames, v, inputs.Count, outNames, v + inputs.Count, outputs.Count);
        }
        finally
        {
            foreach (var value in values) if (value != IntPtr.Zero) OrtApi.ReleaseValue(value);
            foreach (var pin in pins) pin.Dispose();
            if (added) _session.DangerousRelease();
        }
    }

    /// <summary>Releases the native session and the cached names.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
        foreach (var (_, name) in _inputs.Values.Concat(_outputs.Values)) Marshal.FreeCoTaskMem(name);
    }

    private static unsafe (IntPtr Name, IntPtr Value) Bind(FloatTensor tensor, Dictionary<string, (TensorInfo Info, IntPtr Utf8Name)> known,
        string role, ref MemoryHandle pin)
    {
        if (!known.TryGetValue(tensor.Name, out var entry))
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument,
                $"the model has no {role} '{tensor.Name}'; its {role}s are: {string.Join(", ", known.Keys)}.");
        CheckShape(tensor, entry.Info, role);
        pin = tensor.Data.Pin();
        fixed (long* shape = tensor.Shape)
            return (entry.Utf8Name, OrtApi.CreateFloatTensor(MemoryInfoHandle.Cpu.DangerousGetHandle(), (float*)pin.Pointer, tensor.Data.Length, shape, tensor.Shape.Length));
    }

    private static void CheckShape(FloatTensor tensor, TensorInfo info, string role)
    {
        string given = "[" + string.Join(", ", tensor.Shape) + "]";
        bool fits = tensor.Shape.Length == info.Shape.Count && tensor.Shape.Zip(info.Shape).All(p => p.Second < 0 || p.First == p.Second);
        if (!fits || tensor.Shape.Any(d => d <= 0))
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, $"{role} '{tensor.Name}' has shape {given}; the model expects {info.ShapeText}.");
        long count = tensor.Shape.Aggregate(1L, (a, b) => a * b);
        if (count != tensor.Data.Length)
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, $"{role} '{tensor.Name}' has {tensor.Data.Length} floats; shape {given} needs {count}.");
    }

    private static Dictionary<string, (TensorInfo, IntPtr)> Describe(IntPtr session, bool input)
    {
        var result = new Dictionary<string, (TensorInfo, IntPtr)>();
        for (long i = 0, n = OrtApi.Count(session, input); i < n; i++)
        {
            string name = OrtApi.Name(session, i, input);
            var (type, shape) = OrtApi.TypeAndShape(session, i, input);
            result[name] = (new TensorInfo(name, type, shape), Marshal.StringToCoTaskMemUTF8(name));
        }
        return result;
    }

    private static SessionOptionsHandle CreateOptions(SessionOptions options)
    {
        var handle = new SessionOptionsHandle(OrtApi.CreateSessionOptions());
        IntPtr h = handle.DangerousGetHandle();
        OrtApi.SetIntraOpNumThreads(h, options.IntraOpThreads);
        OrtApi.SetGraphOptimizationLevel(h, (int)options.Optimization);
        switch (options.ExecutionProvider)
        {
            case SessionOptions.Cpu:
                break;
            case SessionOptions.Cuda:
                if (!OrtApi.AvailableProviders().Contains("CUDAExecutionProvider"))
                {
                    handle.Dispose();
                    throw new OnnxRuntimeException(OrtErrorCode.EpFail,
                        $"execution provider 'cuda' requested, but the loaded ONNX Runtime {OrtLibrary.Version} has only " +
                        $"{string.Join(", ", OrtApi.AvailableProviders())}. CUDA needs a GPU build of ONNX Runtime " +
                        "(libonnxruntime.so.1 with libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so beside it, " +
                        $"e.g. from the onnxruntime-gpu release) placed in ${OrtLibrary.DirectoryVariable}; or use the cpu provider.");
                }
                OrtApi.AppendCudaProvider(h, deviceId: 0);
                break;
            default:
                handle.Dispose();
                throw new ArgumentException($"unknown execution provider '{options.ExecutionProvider}'; expected cpu or cuda.");
        }
        return handle;
    }
}

namespace Vae.MLNet.OnnxRuntime;

/// <summary>A model input or output as the session declares it.</summary>
/// <param name="Name">Name in the graph.</param>
/// <param name="ElementType">ONNXTensorElementDataType (1 = float32).</param>
/// <param name="Shape">Dimensions; -1 where symbolic (e.g. the batch dimension).</param>
public sealed record TensorInfo(string Name, int ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>ONNXTensorElementDataType of float32.</summary>
    public const int Float32 = 1;

    /// <summary>The shape as text, symbolic dimensions as N: e.g. [N, 1, 28, 28].</summary>
    public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d < 0 ? "N" : d.ToString())) + "]";
}

/// <summary>
/// A float32 tensor over caller-owned memory: ONNX Runtime reads (input) or writes (output) the
/// buffer in place during <see cref="InferenceSession.Run"/>; no copy is made. Row-major.
/// </summary>
/// <param name="Name">Input or output name.</param>
/// <param name="Data">Exactly product(Shape) floats; pinned only for the duration of the run.</param>
/// <param name="Shape">Dimensions.</param>
public readonly record struct FloatTensor(string Name, Memory<float> Data, long[] Shape)
{
    /// <summary>An input over read-only memory (ORT does not write inputs).</summary>
    public static FloatTensor Input(string name, ReadOnlyMemory<float> data, params long[] shape) =>
        new(name, System.Runtime.InteropServices.MemoryMarshal.AsMemory(data), shape);
}

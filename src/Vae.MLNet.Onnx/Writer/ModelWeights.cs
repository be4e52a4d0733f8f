namespace Vae.MLNet.Onnx;

/// <summary>One named parameter: PyTorch name (e.g. <c>encoder.0.weight</c>), shape and row-major float32 values.</summary>
public sealed record WeightTensor(string Name, IReadOnlyList<long> Shape, float[] Values);

/// <summary>A model's parameters by name, as the trainer names them.</summary>
public sealed class ModelWeights
{
    private readonly Dictionary<string, WeightTensor> _byName;

    /// <summary>Wraps the tensors; names must be unique.</summary>
    public ModelWeights(IEnumerable<WeightTensor> tensors) => _byName = tensors.ToDictionary(t => t.Name);

    /// <summary>The tensor called <paramref name="name"/> with the expected shape.</summary>
    /// <exception cref="ArgumentException">Missing, or of another shape (both shapes are named).</exception>
    public WeightTensor Get(string name, params long[] shape)
    {
        if (!_byName.TryGetValue(name, out var tensor))
            throw new ArgumentException($"weight '{name}' is missing; the model has: {string.Join(", ", _byName.Keys)}.");
        if (!tensor.Shape.SequenceEqual(shape))
            throw new ArgumentException(
                $"weight '{name}' has shape [{string.Join(", ", tensor.Shape)}], the architecture needs [{string.Join(", ", shape)}]."
            );
        return tensor;
    }
}

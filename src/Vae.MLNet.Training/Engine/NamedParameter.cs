namespace Vae.MLNet.Engine;

/// <summary>A model parameter's name (as PyTorch's <c>named_parameters()</c>, e.g. <c>encoder.0.weight</c>) and shape.</summary>
/// <param name="Index">Position in registration order; the handle for get/set.</param>
/// <param name="Name">Dotted parameter name.</param>
/// <param name="Shape">Dimensions, e.g. [out, in] for a linear weight, [out, in, k, k] for a convolution.</param>
public sealed record NamedParameter(int Index, string Name, IReadOnlyList<long> Shape)
{
    /// <summary>Number of float32 elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

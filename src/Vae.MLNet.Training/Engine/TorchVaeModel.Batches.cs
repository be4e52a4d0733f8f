using System.Runtime.InteropServices;
using TorchSharp;
using Vae.MLNet.Models;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

public sealed partial class TorchVaeModel
{
    /// <summary>
    /// Runs one batch: the one dispose scope per batch (every tensor made inside is freed on return),
    /// gradients only when training, the network's train/eval mode, and libtorch's errors as
    /// <see cref="TorchEngineException"/>. <paramref name="images"/> becomes x [n, C, H, W] on the model's device.
    /// </summary>
    private T Batch<T>(ReadOnlySpan<float> images, bool training, Func<Tensor, T> body) =>
        Batch(images, Spec.Input.Nchw(ImageCount(images)), training, body);

    private T Batch<T>(ReadOnlySpan<float> input, long[] shape, bool training, Func<Tensor, T> body)
    {
        using var scope = NewDisposeScope();
        using var grad = training ? enable_grad() : no_grad();
        try
        {
            _net.train(training);
            return body(TensorIn(input, shape));
        }
        catch (ExternalException e)
        {
            throw new TorchEngineException(TorchErrorCode.Torch, $"libtorch: {e.Message}", e);
        }
    }

    // μ, log σ², logits and the loss terms per image [N] for x, with z = μ + σ·ε and ε from `eps` (μ only for an AE).
    private (Tensor Mu, Tensor? LogVar, Tensor Logits, (Tensor Reconstruction, Tensor Kl) Terms) Forward(
        Tensor x,
        Func<Tensor, Tensor> eps,
        ReconstructionLoss loss
    )
    {
        var (mu, logVar) = _net.Encode(x);
        var logits = _net.Decode(VaeNet.Reparameterize(mu, logVar, logVar is null ? null : eps(mu)));
        return (mu, logVar, logits, VaeLossFunction.Terms(x, logits, mu, logVar, loss));
    }

    // ε ~ N(0, I) shaped like μ, from the model's own generator: drawn on the CPU (as PyTorch's default
    // generator draws), then moved to the model's device.
    private Tensor SampleEps(Tensor mu) => randn(mu.shape, generator: _noise).to(_device);

    private Tensor TensorIn(ReadOnlySpan<float> values, long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        MemoryMarshal.AsBytes(values).CopyTo(t.bytes);
        return _device.type == DeviceType.CPU ? t : t.to(_device);
    }

    private static void CopyOut(Tensor t, Span<float> destination)
    {
        var values = MemoryMarshal.Cast<byte, float>(t.detach().cpu().contiguous().bytes);
        if (values.Length != destination.Length)
            throw new TorchEngineException(TorchErrorCode.Argument, $"output has {values.Length} floats, buffer has {destination.Length}");
        values.CopyTo(destination);
    }

    private long ImageCount(ReadOnlySpan<float> images)
    {
        var shape = Spec.Input;
        if (images.IsEmpty || images.Length % shape.Size != 0)
            throw new ArgumentException(
                $"images has {images.Length} floats; expected a positive multiple of {shape.Size} "
                    + $"([n, {shape.Channels}, {shape.Height}, {shape.Width}]).",
                nameof(images)
            );
        return images.Length / shape.Size;
    }

    private static void CheckLength(ReadOnlySpan<float> buffer, long expected, string name)
    {
        if (buffer.Length != expected)
            throw new ArgumentException($"{name} has {buffer.Length} floats; expected {expected}.", name);
    }
}

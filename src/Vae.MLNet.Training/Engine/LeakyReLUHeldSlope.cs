using TorchSharp;
using static TorchSharp.torch;

namespace Vae.MLNet.Engine;

/// <summary>
/// Leaky ReLU, max(0, x) + slope · min(0, x), as torch.nn.LeakyReLU computes it, with its slope held as one
/// <see cref="Scalar"/> for the module's life. TorchSharp 0.107's own <c>nn.LeakyReLU</c> makes a fresh Scalar from
/// its double on each call and drops it at once; when the collector finalizes that Scalar while libtorch still reads
/// it, the call fails ("Expected false to be true" from c10::Scalar::toFloat, seen in a test run under load).
/// </summary>
internal sealed class LeakyReLUHeldSlope : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public LeakyReLUHeldSlope(double slope)
        : base(nameof(LeakyReLUHeldSlope)) => _slope = slope;

    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _slope.Dispose();
        base.Dispose(disposing);
    }
}

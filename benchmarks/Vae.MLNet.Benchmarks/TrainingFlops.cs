using Vae.MLNet.Models;

namespace Vae.MLNet.Benchmarks;

/// <summary>
/// Floating-point operations of one training step per image, counted from the architecture: 2 per
/// multiply-add of every Linear, Conv2d and ConvTranspose2d in the forward pass, times 3 for the
/// forward, input-gradient and weight-gradient passes (the usual estimate; elementwise work ignored).
/// </summary>
internal static class TrainingFlops
{
    public static double PerImage(ArchitectureSpec spec)
    {
        long macs = Walk(spec.Encoder, [spec.Input.Channels, spec.Input.Height, spec.Input.Width]) + 2L * spec.HeadFeatures * spec.LatentSize + Walk(spec.Decoder, [spec.LatentSize]);
        return 3.0 * 2.0 * macs;
    }

    // Multiply-adds of a layer sequence starting from `shape` ([C, H, W] or [F]).
    private static long Walk(IEnumerable<LayerSpec> layers, long[] shape)
    {
        long macs = 0;
        foreach (var l in layers)
        {
            long A(int i) => (long)l.Args[i];
            switch (l.Op)
            {
                case "linear":
                    macs += A(0) * A(1);
                    shape = [A(1)];
                    break;
                case "conv2d":
                {
                    long h = (shape[1] + 2 * A(4) - A(2)) / A(3) + 1, w = (shape[2] + 2 * A(4) - A(2)) / A(3) + 1;
                    macs += h * w * A(1) * A(0) * A(2) * A(2);
                    shape = [A(1), h, w];
                    break;
                }
                case "convt2d":
                {
                    long h = (shape[1] - 1) * A(3) - 2 * A(4) + A(2) + A(5), w = (shape[2] - 1) * A(3) - 2 * A(4) + A(2) + A(5);
                    macs += shape[1] * shape[2] * A(0) * A(1) * A(2) * A(2);
                    shape = [A(1), h, w];
                    break;
                }
                case "maxpool2d": shape = [shape[0], shape[1] / A(0), shape[2] / A(0)]; break;
                case "flatten": shape = [shape.Aggregate(1L, (a, b) => a * b)]; break;
                case "unflatten": shape = [A(0), A(1), A(2)]; break;
            }
        }
        return macs;
    }
}

// EngineHostProbe [ask]: trains one step of a small dense VAE through the library, then prints what the process
// holds: the settings, the matrix-product kernels, whether libtorch's call to oneMKL's vendor check is intact, and
// the native OMP_WAIT_POLICY. With 'ask', it first asks for TorchProcessSettings.Recommended.
using System.Runtime.InteropServices;
using Vae.MLNet.Engine;
using Vae.MLNet.Models;

if (args is ["ask"])
    TorchRuntime.Configure(TorchProcessSettings.Recommended);
using var model = TorchVaeModel.Create(Presets.Create(Presets.Dense, ModelKind.Variational, 2), seed: 1);
var images = new float[8 * ImageShape.Mnist.Size];
for (int i = 0; i < images.Length; i++)
    images[i] = (i % 7) / 7f;
model.SetOptimizer(OptimizerKind.Adam, 1e-3);
var loss = model.TrainStep(images, beta: 1, ReconstructionLoss.Bce);
Console.WriteLine($"loss: {loss.Total:F3}");
string settings =
    TorchRuntime.Settings == TorchProcessSettings.Recommended ? "recommended"
    : TorchRuntime.Settings == TorchProcessSettings.None ? "none"
    : "other";
Console.WriteLine($"settings: {settings}");
Console.WriteLine($"kernels: {TorchRuntime.MatrixProductKernels}");
Console.WriteLine($"vendor check intact: {MklDispatch.VendorCheckIntact()?.ToString() ?? "not bound"}");
Console.WriteLine($"OMP_WAIT_POLICY: {Marshal.PtrToStringUTF8(Native.getenv("OMP_WAIT_POLICY")) ?? "(unset)"}");

internal static class Native
{
    [DllImport("libc")]
    internal static extern nint getenv(string name);
}

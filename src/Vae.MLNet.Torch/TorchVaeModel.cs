using Vae.MLNet.Models;
using Vae.MLNet.Torch.Native;

namespace Vae.MLNet.Torch;

/// <summary>
/// An AE or VAE living in the native libtorch engine. Images are float32 [N, 1, 28, 28] in [0, 1]
/// (NCHW, 784 floats per image); latent vectors are float32 [N, d]. Buffers stay the caller's and are
/// only read or written during a call. Not thread-safe: use one model from one thread at a time.
/// </summary>
public sealed class TorchVaeModel : IDisposable
{
    private const int PixelsPerImage = 784;
    private readonly ModelHandle _handle;

    private TorchVaeModel(ModelHandle handle, ArchitectureSpec spec, string device)
    {
        _handle = handle;
        Spec = spec;
        Device = device;
        Parameters = ReadParameterInfo();
    }

    /// <summary>The architecture the model was built from.</summary>
    public ArchitectureSpec Spec { get; }

    /// <summary>"cpu" or "cuda".</summary>
    public string Device { get; }

    /// <summary>Named parameters in registration order.</summary>
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>
    /// Builds a freshly initialized model: PyTorch's default initialization drawn with
    /// <paramref name="seed"/>, and a noise generator of its own (reparameterization ε) seeded with it.
    /// The same seed gives the same weights and noise; models never share random state.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown device name.</exception>
    /// <exception cref="TorchEngineException">CUDA on a CPU-only build, or a spec the engine rejects.</exception>
    public static TorchVaeModel Create(ArchitectureSpec spec, string device = TorchRuntime.Cpu, ulong seed = 0)
    {
        TorchRuntime.EnsureDevice(device);
        NativeStatus.Check(NativeMethods.ModelCreate(spec.ToText(), device, seed, out IntPtr raw));
        return new TorchVaeModel(new ModelHandle(raw), spec, device);
    }

    /// <summary>Re-seeds the model's noise generator (as torch.manual_seed does for PyTorch's default generator).</summary>
    public void Seed(ulong seed) => NativeStatus.Check(NativeMethods.ModelSeed(_handle, seed));

    /// <summary>Selects the optimizer and resets its state.</summary>
    /// <param name="kind">"adam" (Kingma &amp; Ba 2015) or "adamax" (ibid., section 7.1; as torch.optim.Adamax).</param>
    /// <param name="learningRate">Step size, &gt; 0.</param>
    /// <exception cref="TorchEngineException">Unknown kind or non-positive rate.</exception>
    public void SetOptimizer(string kind, double learningRate) =>
        NativeStatus.Check(NativeMethods.ModelSetOptimizer(_handle, kind, learningRate));

    /// <summary>Changes the optimizer's learning rate, keeping its state.</summary>
    public void SetLearningRate(double learningRate) =>
        NativeStatus.Check(NativeMethods.ModelSetLearningRate(_handle, learningRate));

    /// <summary>
    /// One optimizer step on a batch: minimizes the batch mean of reconstruction + β·KL, with one
    /// reparameterized z sample per image. Returns the batch's mean terms (nats per image).
    /// </summary>
    /// <param name="images">[n, 1, 28, 28] float32 in [0, 1]; n = images.Length / 784.</param>
    /// <param name="beta">KL weight β ≥ 0 (1: the ELBO; β-VAE otherwise, Higgins et al. 2017).</param>
    /// <param name="loss">Reconstruction loss.</param>
    /// <exception cref="ArgumentException">images is empty or not a multiple of 784 floats.</exception>
    /// <exception cref="TorchEngineException">No optimizer set, or the engine failed.</exception>
    public unsafe VaeLoss TrainStep(ReadOnlySpan<float> images, double beta, ReconstructionLoss loss)
    {
        long n = ImageCount(images);
        fixed (float* x = images)
        {
            NativeStatus.Check(NativeMethods.ModelTrainStep(_handle, x, n, beta, (int)loss, out var result));
            return result;
        }
    }

    /// <summary>
    /// Loss terms of a batch without gradients (one z sample per image), as SUMS over the batch, so
    /// a dataset's mean is the sum over batches divided by its size.
    /// </summary>
    /// <exception cref="ArgumentException">images is empty or not a multiple of 784 floats.</exception>
    public unsafe VaeLoss EvaluateSums(ReadOnlySpan<float> images, double beta, ReconstructionLoss loss)
    {
        long n = ImageCount(images);
        fixed (float* x = images)
        {
            NativeStatus.Check(NativeMethods.ModelEvaluate(_handle, x, n, beta, (int)loss, out var sums));
            return sums;
        }
    }

    /// <summary>
    /// The importance-weighted bound on −log p(x) (Burda et al. 2015, "Importance Weighted
    /// Autoencoders", eq. 8) with <paramref name="k"/> samples z ~ q(z|x) per image, summed over the batch
    /// (nats). It is ≤ the negative ELBO in expectation and tightens as k grows; k = 1 is a one-sample
    /// negative-ELBO estimate. Needs a VAE with a Bernoulli (BCE) decoder.
    /// </summary>
    /// <exception cref="ArgumentException">images is empty or not a multiple of 784 floats.</exception>
    /// <exception cref="TorchEngineException">k &lt; 1, an AE, or an MSE model.</exception>
    public unsafe double ImportanceWeightedBoundSum(ReadOnlySpan<float> images, int k)
    {
        long n = ImageCount(images);
        fixed (float* x = images)
        {
            NativeStatus.Check(NativeMethods.ModelIwae(_handle, x, n, k, (int)ReconstructionLoss.Bce, out double sum));
            return sum;
        }
    }

    /// <summary>
    /// Deterministic forward pass with given noise ε (z = μ + exp(log σ²/2)·ε), for parity tests.
    /// </summary>
    /// <param name="images">[n, 1, 28, 28].</param>
    /// <param name="eps">[n, d]; ignored (may be empty) for an AE.</param>
    /// <param name="mu">Output [n, d].</param>
    /// <param name="logVar">Output [n, d]; left untouched for an AE.</param>
    /// <param name="logits">Output decoder logits [n, 1, 28, 28].</param>
    /// <param name="beta">KL weight β.</param>
    /// <param name="loss">Reconstruction loss.</param>
    /// <returns>The batch's mean loss terms.</returns>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public unsafe VaeLoss Forward(ReadOnlySpan<float> images, ReadOnlySpan<float> eps, Span<float> mu, Span<float> logVar,
        Span<float> logits, double beta, ReconstructionLoss loss)
    {
        long n = ImageCount(images);
        bool variational = Spec.Kind == ModelKind.Variational;
        CheckLength(mu, n * Spec.LatentSize, nameof(mu));
        if (variational) CheckLength(eps, n * Spec.LatentSize, nameof(eps));
        if (variational) CheckLength(logVar, n * Spec.LatentSize, nameof(logVar));
        CheckLength(logits, n * PixelsPerImage, nameof(logits));
        fixed (float* x = images) fixed (float* e = eps) fixed (float* m = mu) fixed (float* lv = logVar) fixed (float* lg = logits)
        {
            NativeStatus.Check(NativeMethods.ModelForward(_handle, x, variational ? e : null, n, beta, (int)loss, m,
                variational ? lv : null, lg, out var result));
            return result;
        }
    }

    /// <summary>Encodes images to μ and log σ² [n, d] (an AE writes zeros to log σ²; pass an empty span to skip it).</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    public unsafe void Encode(ReadOnlySpan<float> images, Span<float> mu, Span<float> logVar)
    {
        long n = ImageCount(images);
        CheckLength(mu, n * Spec.LatentSize, nameof(mu));
        if (!logVar.IsEmpty) CheckLength(logVar, n * Spec.LatentSize, nameof(logVar));
        fixed (float* x = images) fixed (float* m = mu) fixed (float* lv = logVar)
            NativeStatus.Check(NativeMethods.ModelEncode(_handle, x, n, m, logVar.IsEmpty ? null : lv));
    }

    /// <summary>Decodes z [n, d] to images [n, 1, 28, 28] in [0, 1] (sigmoid of the decoder's logits).</summary>
    /// <exception cref="ArgumentException">z is empty or not a multiple of d; images has the wrong length.</exception>
    public unsafe void Decode(ReadOnlySpan<float> z, Span<float> images)
    {
        if (z.IsEmpty || z.Length % Spec.LatentSize != 0)
            throw new ArgumentException($"z has {z.Length} floats; expected a positive multiple of the latent size {Spec.LatentSize}.", nameof(z));
        long n = z.Length / Spec.LatentSize;
        CheckLength(images, n * PixelsPerImage, nameof(images));
        fixed (float* zp = z) fixed (float* img = images)
            NativeStatus.Check(NativeMethods.ModelDecode(_handle, zp, n, img));
    }

    /// <summary>Copies a parameter's values out (row-major, PyTorch layout).</summary>
    public unsafe float[] GetParameter(int index)
    {
        var values = new float[Parameters[index].ElementCount];
        fixed (float* p = values) NativeStatus.Check(NativeMethods.ModelParamGet(_handle, index, p, values.Length));
        return values;
    }

    /// <summary>Overwrites a parameter (row-major, PyTorch layout).</summary>
    /// <exception cref="TorchEngineException">values has the wrong element count.</exception>
    public unsafe void SetParameter(int index, ReadOnlySpan<float> values)
    {
        fixed (float* p = values) NativeStatus.Check(NativeMethods.ModelParamSet(_handle, index, p, values.Length));
    }

    /// <summary>
    /// Clips the global L2 norm of the gradients to <paramref name="maxNorm"/> before every optimizer
    /// step (as torch.nn.utils.clip_grad_norm_); 0 turns clipping off.
    /// </summary>
    public void SetGradientClipping(double maxNorm) => NativeStatus.Check(NativeMethods.ModelSetGradClip(_handle, maxNorm));

    /// <summary>
    /// Writes a checkpoint atomically (to a temporary file beside <paramref name="path"/>, then renamed
    /// over it, so a crash never leaves a half-written file): parameters, optimizer state, the spec,
    /// the state of libtorch's CPU generator, and <paramref name="callerState"/> (any text, e.g. a
    /// trainer's JSON), so that training can continue exactly where it stopped.
    /// </summary>
    /// <exception cref="TorchEngineException">The file cannot be written (code <see cref="TorchErrorCode.Io"/>).</exception>
    public void Save(string path, string callerState = "")
    {
        string temp = path + ".tmp";
        try
        {
            NativeStatus.Check(NativeMethods.ModelSave(_handle, temp, callerState));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="Save"/> for the same architecture: parameters, the
    /// optimizer state (when an optimizer of the same kind is set), and libtorch's generator state.
    /// </summary>
    /// <returns>The caller state saved with it ("" if none).</returns>
    /// <exception cref="TorchEngineException">Unreadable file, or one written for another architecture.</exception>
    public unsafe string Load(string path)
    {
        var buffer = new byte[1 << 16];
        long length;
        fixed (byte* b = buffer) NativeStatus.Check(NativeMethods.ModelLoad(_handle, path, b, buffer.Length, out length));
        if (length >= buffer.Length) // a larger state than the first guess: read again with room for it
        {
            buffer = new byte[length + 1];
            fixed (byte* b = buffer) NativeStatus.Check(NativeMethods.ModelLoad(_handle, path, b, buffer.Length, out length));
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    /// <summary>Frees the native model.</summary>
    public void Dispose() => _handle.Dispose();

    private static long ImageCount(ReadOnlySpan<float> images)
    {
        if (images.IsEmpty || images.Length % PixelsPerImage != 0)
            throw new ArgumentException($"images has {images.Length} floats; expected a positive multiple of {PixelsPerImage} ([n, 1, 28, 28]).", nameof(images));
        return images.Length / PixelsPerImage;
    }

    private static void CheckLength(ReadOnlySpan<float> buffer, long expected, string name)
    {
        if (buffer.Length != expected)
            throw new ArgumentException($"{name} has {buffer.Length} floats; expected {expected}.", name);
    }

    private unsafe List<NamedParameter> ReadParameterInfo()
    {
        NativeStatus.Check(NativeMethods.ModelParamCount(_handle, out long count));
        var result = new List<NamedParameter>((int)count);
        var name = new byte[256];
        var shape = new long[8];
        for (int i = 0; i < count; i++)
        {
            int ndim;
            fixed (byte* np = name) fixed (long* sp = shape)
                NativeStatus.Check(NativeMethods.ModelParamInfo(_handle, i, np, name.Length, sp, out ndim));
            string text = System.Text.Encoding.UTF8.GetString(name, 0, Array.IndexOf(name, (byte)0));
            result.Add(new NamedParameter(i, text, shape[..ndim].ToArray()));
        }
        return result;
    }
}

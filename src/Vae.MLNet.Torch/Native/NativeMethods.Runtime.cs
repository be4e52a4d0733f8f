using System.Runtime.InteropServices;

namespace Vae.MLNet.Torch.Native;

/// <summary>P/Invoke declarations of vae_torch.h, one file per native area; names match the C exports.</summary>
internal static partial class NativeMethods
{
    internal const string Library = "vae_torch";

    // Runs before the first native call: installs the resolver that finds libvae_torch.so.
    static NativeMethods() => NativeLibraryResolver.Register();

    // int64_t vae_last_error(char* buf, int64_t cap)
    [LibraryImport(Library, EntryPoint = "vae_last_error")]
    internal static unsafe partial long LastError(byte* buffer, long capacity);

    // VaeStatus vae_set_num_threads(int32_t n)
    [LibraryImport(Library, EntryPoint = "vae_set_num_threads")]
    internal static partial int SetNumThreads(int n);

    // VaeStatus vae_get_num_threads(int32_t* out)
    [LibraryImport(Library, EntryPoint = "vae_get_num_threads")]
    internal static partial int GetNumThreads(out int n);

    // VaeStatus vae_cuda_available(int32_t* out)
    [LibraryImport(Library, EntryPoint = "vae_cuda_available")]
    internal static partial int CudaAvailable(out int available);
}

using System.Reflection;
using System.Runtime.InteropServices;

namespace Vae.MLNet.Torch.Native;

/// <summary>
/// Finds libvae_torch.so beside this assembly or in $VAE_MLNET_NATIVE_DIR, and turns a missing
/// library into a message that says how to build it.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string FileName = "libvae_torch.so";
    internal const string DirectoryVariable = "VAE_MLNET_NATIVE_DIR";

    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        var candidates = new[] { Environment.GetEnvironmentVariable(DirectoryVariable), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.Combine(d!, FileName));
        foreach (var path in candidates)
        {
            if (File.Exists(path)) return NativeLibrary.Load(path);
        }
        if (NativeLibrary.TryLoad(FileName, assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"The native training engine {FileName} was not found (looked in ${DirectoryVariable}, {AppContext.BaseDirectory} " +
            "and the system library path). Build it with ./build.sh, which installs libtorch-dev and runs CMake " +
            "on src/Vae.MLNet.Torch.Native.");
    }
}

using System.Runtime.InteropServices;

namespace Vae.MLNet.OnnxRuntime.Native;

/// <summary>
/// Loads libonnxruntime.so.1 and fetches its C API function table (<c>OrtGetApiBase()->GetApi(13)</c>).
/// The table only grows at its end between releases, so a binding written against API version 13
/// runs on the 1.30 library (../shared/STACK.md).
/// </summary>
internal static unsafe class OrtLibrary
{
    /// <summary>The API version this binding was written against (onnxruntime_c_api.h, ORT_API_VERSION 13).</summary>
    internal const uint ApiVersion = 13;
    internal const string FileName = "libonnxruntime.so.1";
    internal const string DirectoryVariable = "VAE_MLNET_ORT_DIR";

    private static readonly Lazy<(IntPtr Api, string Version)> Loaded = new(Load);

    /// <summary>The OrtApi function table.</summary>
    internal static IntPtr* Api => (IntPtr*)Loaded.Value.Api;

    /// <summary>ONNX Runtime's version string, e.g. "1.30.0".</summary>
    internal static string Version => Loaded.Value.Version;

    private static (IntPtr, string) Load()
    {
        IntPtr library = LoadLibrary();
        var getApiBase = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = (IntPtr*)getApiBase();
        var getApi = (delegate* unmanaged<uint, IntPtr>)apiBase[0];
        var getVersion = (delegate* unmanaged<IntPtr>)apiBase[1];
        string version = Marshal.PtrToStringUTF8(getVersion()) ?? "?";
        IntPtr api = getApi(ApiVersion);
        if (api == IntPtr.Zero)
            throw new DllNotFoundException($"{FileName} (ONNX Runtime {version}) does not provide C API version {ApiVersion}; ONNX Runtime 1.13 or later is needed.");
        return (api, version);
    }

    private static IntPtr LoadLibrary()
    {
        var dirs = new[] { Environment.GetEnvironmentVariable(DirectoryVariable), AppContext.BaseDirectory };
        foreach (var dir in dirs.Where(d => !string.IsNullOrEmpty(d)))
        {
            string path = Path.Combine(dir!, FileName);
            if (File.Exists(path)) return NativeLibrary.Load(path);
        }
        if (NativeLibrary.TryLoad(FileName, out IntPtr handle)) return handle;
        throw new DllNotFoundException(
            $"ONNX Runtime's native library {FileName} was not found (looked in ${DirectoryVariable}, {AppContext.BaseDirectory} " +
            "and the system library path). Run ./build.sh: eng/install-onnxruntime.sh takes it from the npm package " +
            "onnxruntime-node@1.30.0 into artifacts/onnxruntime.");
    }
}

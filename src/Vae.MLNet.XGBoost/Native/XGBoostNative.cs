using System.Reflection;
using System.Runtime.InteropServices;

namespace Vae.MLNet.XGBoost.Native;

/// <summary>
/// The parts of XGBoost's C API (xgboost/c_api.h, Debian libxgboost0 1.7) this library calls. Every
/// function returns 0 or −1; <see cref="Check"/> turns −1 into an <see cref="XGBoostException"/> with
/// <c>XGBGetLastError()</c>'s message.
/// </summary>
internal static partial class XGBoostNative
{
    private const string Library = "xgboost";

    static XGBoostNative() => NativeLibrary.SetDllImportResolver(typeof(XGBoostNative).Assembly, Resolve);

    // Debian's runtime package ships libxgboost.so.0; the -dev package adds the libxgboost.so link.
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        foreach (var candidate in new[] { "libxgboost.so.0", "libxgboost.so" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        throw new DllNotFoundException("libxgboost.so.0 not found: install XGBoost's C library (Debian: apt-get install libxgboost0; eng/install-deps.sh does it).");
    }

    [LibraryImport(Library)]
    private static partial IntPtr XGBGetLastError();

    [LibraryImport(Library)]
    internal static unsafe partial int XGDMatrixCreateFromMat(float* data, ulong rows, ulong columns, float missing, out IntPtr matrix);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int XGDMatrixSetFloatInfo(IntPtr matrix, string field, float* values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(IntPtr matrix);

    [LibraryImport(Library)]
    internal static unsafe partial int XGBoosterCreate(IntPtr* matrices, ulong count, out IntPtr booster);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(IntPtr booster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(IntPtr booster, string name, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(IntPtr booster, int iteration, IntPtr train);

    [LibraryImport(Library)]
    internal static unsafe partial int XGBoosterPredict(IntPtr booster, IntPtr matrix, int optionMask, uint treeLimit, int training, out ulong length, out float* result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int XGBoosterSaveModelToBuffer(IntPtr booster, string config, out ulong length, out byte* data);

    [LibraryImport(Library)]
    internal static unsafe partial int XGBoosterLoadModelFromBuffer(IntPtr booster, byte* data, ulong length);

    /// <summary>Throws on a failed call, with XGBoost's message.</summary>
    /// <exception cref="XGBoostException">status ≠ 0.</exception>
    internal static void Check(int status, string call)
    {
        if (status != 0) throw new XGBoostException($"XGBoost {call} failed: {Marshal.PtrToStringUTF8(XGBGetLastError())}");
    }
}

/// <summary>A handle XGBoost allocated, freed with the matching *Free call.</summary>
internal sealed class XGBoostHandle : SafeHandle
{
    private readonly Func<IntPtr, int> _free;

    public XGBoostHandle(IntPtr handle, Func<IntPtr, int> free) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        _free = free;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => _free(handle) == 0;
}

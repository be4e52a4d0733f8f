using System.Runtime.InteropServices;

namespace Vae.MLNet.Engine;

/// <summary>
/// Process settings the engine makes once, before libtorch is loaded, so that every entry point (the
/// CLI, a featurizer trained inside a user's program, tests) trains at the same speed.
/// </summary>
internal static partial class NativeProcess
{
    // glibc mallopt parameters (malloc.h).
    private const int MTrimThreshold = -1,
        MMmapThreshold = -3;

    /// <summary>
    /// Training frees and re-allocates the same large activation and gradient buffers every step. With
    /// glibc's defaults, blocks above the (dynamic) mmap threshold go back to the kernel on free and are
    /// page-faulted in again on the next step: measured 3.7× slower for the conv preset. Keep
    /// freed memory in the heap: mmap only above 32 MiB (glibc's maximum for this setting), trim above 1 GiB.
    /// </summary>
    public static void KeepFreedMemoryInHeap()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            mallopt(MMmapThreshold, 32 * 1024 * 1024);
            mallopt(MTrimThreshold, 1024 * 1024 * 1024);
        }
        catch (EntryPointNotFoundException) { } // not glibc (musl): nothing to tune
        catch (DllNotFoundException) { }
    }

    /// <summary>
    /// Sets an environment variable in the native process environment (what libgomp reads when it
    /// loads), unless the user set it; .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
    /// does not reach native code on Unix.
    /// </summary>
    public static void SetDefaultEnvironment(string name, string value)
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable(name) is not null)
            return;
        setenv(name, value, 0);
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

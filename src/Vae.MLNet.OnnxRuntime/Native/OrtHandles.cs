using System.Runtime.InteropServices;

namespace Vae.MLNet.OnnxRuntime.Native;

/// <summary>Base of every ORT object handle: release calls the matching OrtApi::Release* function.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>OrtSession*.</summary>
internal sealed class SessionHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSession(handle); return true; }
}

/// <summary>OrtSessionOptions*.</summary>
internal sealed class SessionOptionsHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtApi.ReleaseSessionOptions(handle); return true; }
}

/// <summary>OrtEnv*: one per process, created on first use, released at exit.</summary>
internal sealed class EnvHandle(IntPtr handle) : OrtHandle(handle)
{
    private static readonly Lazy<EnvHandle> Shared = new(() => new EnvHandle(OrtApi.CreateEnv(level: 3 /* ERROR */, "vae-mlnet")));

    public static EnvHandle Instance => Shared.Value;

    protected override bool ReleaseHandle() { OrtApi.ReleaseEnv(handle); return true; }
}

/// <summary>The CPU OrtMemoryInfo* that describes caller-owned buffers; one per process.</summary>
internal sealed class MemoryInfoHandle(IntPtr handle) : OrtHandle(handle)
{
    private static readonly Lazy<MemoryInfoHandle> Shared = new(() => new MemoryInfoHandle(OrtApi.CreateCpuMemoryInfo()));

    public static MemoryInfoHandle Cpu => Shared.Value;

    protected override bool ReleaseHandle() { OrtApi.ReleaseMemoryInfo(handle); return true; }
}

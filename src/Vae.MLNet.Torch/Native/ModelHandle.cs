using System.Runtime.InteropServices;

namespace Vae.MLNet.Torch.Native;

/// <summary>Owns a native <c>VaeModel*</c>; releasing it calls <c>vae_model_free</c>.</summary>
internal sealed class ModelHandle : SafeHandle
{
    public ModelHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal ModelHandle(IntPtr handle) : this() => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ModelFree(handle);
        return true;
    }
}

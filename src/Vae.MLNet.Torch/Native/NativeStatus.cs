using System.Text;

namespace Vae.MLNet.Torch.Native;

/// <summary>The one place that turns a native status into an exception (pattern of ONNX Runtime's NativeApiStatus).</summary>
internal static class NativeStatus
{
    /// <summary>Throws <see cref="TorchEngineException"/> carrying the native message when status is not 0.</summary>
    internal static void Check(int status)
    {
        if (status != 0) throw new TorchEngineException((TorchErrorCode)status, LastErrorMessage());
    }

    private static unsafe string LastErrorMessage()
    {
        long length = NativeMethods.LastError(null, 0);
        var buffer = new byte[length + 1];
        fixed (byte* p = buffer) NativeMethods.LastError(p, buffer.Length);
        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }
}

using System.Runtime.InteropServices;

namespace Vae.MLNet.Torch.Native;

internal static partial class NativeMethods
{
    // VaeStatus vae_model_param_count(VaeModel*, int64_t* out)
    [LibraryImport(Library, EntryPoint = "vae_model_param_count")]
    internal static partial int ModelParamCount(ModelHandle model, out long count);

    // VaeStatus vae_model_param_info(VaeModel*, int64_t index, char* name, int64_t name_cap, int64_t* shape, int32_t* ndim)
    [LibraryImport(Library, EntryPoint = "vae_model_param_info")]
    internal static unsafe partial int ModelParamInfo(ModelHandle model, long index, byte* name, long nameCapacity, long* shape, out int ndim);

    // VaeStatus vae_model_param_get(VaeModel*, int64_t index, float* dst, int64_t count)
    [LibraryImport(Library, EntryPoint = "vae_model_param_get")]
    internal static unsafe partial int ModelParamGet(ModelHandle model, long index, float* destination, long count);

    // VaeStatus vae_model_param_set(VaeModel*, int64_t index, const float* src, int64_t count)
    [LibraryImport(Library, EntryPoint = "vae_model_param_set")]
    internal static unsafe partial int ModelParamSet(ModelHandle model, long index, float* source, long count);
}

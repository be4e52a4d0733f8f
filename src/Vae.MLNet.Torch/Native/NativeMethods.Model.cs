using System.Runtime.InteropServices;

namespace Vae.MLNet.Torch.Native;

internal static partial class NativeMethods
{
    // VaeStatus vae_model_create(const char* spec, const char* device, uint64_t seed, VaeModel** out)
    [LibraryImport(Library, EntryPoint = "vae_model_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ModelCreate(string spec, string device, ulong seed, out IntPtr model);

    // VaeStatus vae_model_seed(VaeModel*, uint64_t seed)
    [LibraryImport(Library, EntryPoint = "vae_model_seed")]
    internal static partial int ModelSeed(ModelHandle model, ulong seed);

    // void vae_model_free(VaeModel* model)
    [LibraryImport(Library, EntryPoint = "vae_model_free")]
    internal static partial void ModelFree(IntPtr model);

    // VaeStatus vae_model_set_optimizer(VaeModel*, const char* kind, double lr)
    [LibraryImport(Library, EntryPoint = "vae_model_set_optimizer", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ModelSetOptimizer(ModelHandle model, string kind, double learningRate);

    // VaeStatus vae_model_set_learning_rate(VaeModel*, double lr)
    [LibraryImport(Library, EntryPoint = "vae_model_set_learning_rate")]
    internal static partial int ModelSetLearningRate(ModelHandle model, double learningRate);

    // VaeStatus vae_model_train_step(VaeModel*, const float* x, int64_t n, double beta, int32_t loss, VaeLoss* out)
    [LibraryImport(Library, EntryPoint = "vae_model_train_step")]
    internal static unsafe partial int ModelTrainStep(ModelHandle model, float* x, long n, double beta, int loss, out VaeLoss result);

    // VaeStatus vae_model_evaluate(VaeModel*, const float* x, int64_t n, double beta, int32_t loss, VaeLoss* out_sums)
    [LibraryImport(Library, EntryPoint = "vae_model_evaluate")]
    internal static unsafe partial int ModelEvaluate(ModelHandle model, float* x, long n, double beta, int loss, out VaeLoss sums);

    // VaeStatus vae_model_forward(VaeModel*, const float* x, const float* eps, int64_t n, double beta,
    //                             int32_t loss, float* mu, float* log_var, float* logits, VaeLoss* out)
    [LibraryImport(Library, EntryPoint = "vae_model_forward")]
    internal static unsafe partial int ModelForward(ModelHandle model, float* x, float* eps, long n, double beta, int loss,
        float* mu, float* logVar, float* logits, out VaeLoss result);

    // VaeStatus vae_model_iwae(VaeModel*, const float* x, int64_t n, int32_t k, int32_t loss, double* out_sum)
    [LibraryImport(Library, EntryPoint = "vae_model_iwae")]
    internal static unsafe partial int ModelIwae(ModelHandle model, float* x, long n, int k, int loss, out double sum);

    // VaeStatus vae_model_encode(VaeModel*, const float* x, int64_t n, float* mu, float* log_var)
    [LibraryImport(Library, EntryPoint = "vae_model_encode")]
    internal static unsafe partial int ModelEncode(ModelHandle model, float* x, long n, float* mu, float* logVar);

    // VaeStatus vae_model_decode(VaeModel*, const float* z, int64_t n, float* images)
    [LibraryImport(Library, EntryPoint = "vae_model_decode")]
    internal static unsafe partial int ModelDecode(ModelHandle model, float* z, long n, float* images);

    // VaeStatus vae_model_set_grad_clip(VaeModel*, double max_norm)
    [LibraryImport(Library, EntryPoint = "vae_model_set_grad_clip")]
    internal static partial int ModelSetGradClip(ModelHandle model, double maxNorm);

    // VaeStatus vae_model_save(VaeModel*, const char* path, const char* caller_state)
    [LibraryImport(Library, EntryPoint = "vae_model_save", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ModelSave(ModelHandle model, string path, string callerState);

    // VaeStatus vae_model_load(VaeModel*, const char* path, char* caller_state, int64_t cap, int64_t* caller_state_length)
    [LibraryImport(Library, EntryPoint = "vae_model_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int ModelLoad(ModelHandle model, string path, byte* callerState, long capacity, out long callerStateLength);
}

using System.Runtime.InteropServices;

namespace Vae.MLNet.OnnxRuntime.Native;

/// <summary>
/// The OrtApi functions this binding calls, by their index in the function table (the order of
/// <c>struct OrtApi</c> in onnxruntime_c_api.h). Every function returning <c>OrtStatus*</c> goes
/// through <see cref="Check"/>, the one place a status becomes an exception.
/// </summary>
internal static unsafe class OrtApi
{
    // Indices into struct OrtApi (onnxruntime_c_api.h, API version 13).
    private const int GetErrorCodeIndex = 1, GetErrorMessageIndex = 2, CreateEnvIndex = 3, CreateSessionIndex = 7,
        CreateSessionFromArrayIndex = 8, RunIndex = 9, CreateSessionOptionsIndex = 10,
        SetSessionGraphOptimizationLevelIndex = 23, SetIntraOpNumThreadsIndex = 24, SessionGetInputCountIndex = 30,
        SessionGetOutputCountIndex = 31, SessionGetInputTypeInfoIndex = 33, SessionGetOutputTypeInfoIndex = 34,
        SessionGetInputNameIndex = 36, SessionGetOutputNameIndex = 37, CreateTensorWithDataAsOrtValueIndex = 49,
        CastTypeInfoToTensorInfoIndex = 55, GetTensorElementTypeIndex = 60, GetDimensionsCountIndex = 61,
        GetDimensionsIndex = 62, CreateCpuMemoryInfoIndex = 69, AllocatorFreeIndex = 76,
        GetAllocatorWithDefaultOptionsIndex = 78, ReleaseEnvIndex = 92, ReleaseStatusIndex = 93, ReleaseMemoryInfoIndex = 94,
        ReleaseSessionIndex = 95, ReleaseValueIndex = 96, ReleaseTypeInfoIndex = 98, ReleaseSessionOptionsIndex = 100,
        SessionGetModelMetadataIndex = 111, ModelMetadataGetProducerNameIndex = 112,
        ModelMetadataLookupCustomMetadataMapIndex = 116, ReleaseModelMetadataIndex = 118,
        ModelMetadataGetCustomMetadataMapKeysIndex = 123, GetAvailableProvidersIndex = 125,
        ReleaseAvailableProvidersIndex = 126, SessionOptionsAppendExecutionProviderCudaIndex = 152;

    private static IntPtr Fn(int index) => OrtLibrary.Api[index];

    /// <summary>Throws <see cref="OnnxRuntimeException"/> for a non-null OrtStatus*, releasing it.</summary>
    internal static void Check(IntPtr status, string? context = null)
    {
        if (status == IntPtr.Zero) return;
        try
        {
            var code = (OrtErrorCode)((delegate* unmanaged<IntPtr, int>)Fn(GetErrorCodeIndex))(status);
            string message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)Fn(GetErrorMessageIndex))(status)) ?? "";
            throw new OnnxRuntimeException(code, context is null ? message : $"{context}: {message}");
        }
        finally
        {
            ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseStatusIndex))(status);
        }
    }

    // OrtStatus* CreateEnv(OrtLoggingLevel, const char* logid, OrtEnv** out)
    internal static IntPtr CreateEnv(int level, string logId)
    {
        IntPtr env, id = Marshal.StringToCoTaskMemUTF8(logId);
        try { Check(((delegate* unmanaged<int, IntPtr, IntPtr*, IntPtr>)Fn(CreateEnvIndex))(level, id, &env)); }
        finally { Marshal.FreeCoTaskMem(id); }
        return env;
    }

    // OrtStatus* CreateSession(const OrtEnv*, const char* path, const OrtSessionOptions*, OrtSession** out)
    internal static IntPtr CreateSession(IntPtr env, string path, IntPtr options)
    {
        IntPtr session, p = Marshal.StringToCoTaskMemUTF8(path);
        try { Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(CreateSessionIndex))(env, p, options, &session), $"model '{path}'"); }
        finally { Marshal.FreeCoTaskMem(p); }
        return session;
    }

    // OrtStatus* CreateSessionFromArray(const OrtEnv*, const void* data, size_t length, const OrtSessionOptions*, OrtSession** out)
    internal static IntPtr CreateSessionFromArray(IntPtr env, ReadOnlySpan<byte> model, IntPtr options)
    {
        IntPtr session;
        fixed (byte* data = model)
            Check(((delegate* unmanaged<IntPtr, byte*, nuint, IntPtr, IntPtr*, IntPtr>)Fn(CreateSessionFromArrayIndex))(env, data, (nuint)model.Length, options, &session), "model bytes");
        return session;
    }

    // OrtStatus* Run(OrtSession*, const OrtRunOptions*, const char* const* input_names, const OrtValue* const* inputs,
    //                size_t input_len, const char* const* output_names, size_t output_len, OrtValue** outputs)
    internal static void Run(IntPtr session, IntPtr* inputNames, IntPtr* inputs, int inputCount, IntPtr* outputNames, IntPtr* outputs, int outputCount) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)Fn(RunIndex))(
            session, IntPtr.Zero, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs));

    internal static IntPtr CreateSessionOptions()
    {
        IntPtr options;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(CreateSessionOptionsIndex))(&options));
        return options;
    }

    internal static void SetGraphOptimizationLevel(IntPtr options, int level) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(SetSessionGraphOptimizationLevelIndex))(options, level));

    internal static void SetIntraOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(SetIntraOpNumThreadsIndex))(options, threads));

    // OrtStatus* SessionOptionsAppendExecutionProvider_CUDA(OrtSessionOptions*, const OrtCUDAProviderOptions*)
    internal static void AppendCudaProvider(IntPtr options, int deviceId)
    {
        var cuda = new CudaProviderOptions { DeviceId = deviceId, GpuMemLimit = nuint.MaxValue, DoCopyInDefaultStream = 1 };
        Check(((delegate* unmanaged<IntPtr, CudaProviderOptions*, IntPtr>)Fn(SessionOptionsAppendExecutionProviderCudaIndex))(options, &cuda));
    }

    internal static long Count(IntPtr session, bool inputs)
    {
        nuint n;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(inputs ? SessionGetInputCountIndex : SessionGetOutputCountIndex))(session, &n));
        return (long)n;
    }

    // OrtStatus* SessionGetInputName(const OrtSession*, size_t index, OrtAllocator*, char** value)
    internal static string Name(IntPtr session, long index, bool input)
    {
        IntPtr value, allocator = DefaultAllocator();
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Fn(input ? SessionGetInputNameIndex : SessionGetOutputNameIndex))(session, (nuint)index, allocator, &value));
        return TakeString(allocator, value)!;
    }

    /// <summary>Element type and dimensions (-1 where symbolic) of a session input or output.</summary>
    internal static (int ElementType, long[] Shape) TypeAndShape(IntPtr session, long index, bool input)
    {
        IntPtr typeInfo, tensorInfo;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)Fn(input ? SessionGetInputTypeInfoIndex : SessionGetOutputTypeInfoIndex))(session, (nuint)index, &typeInfo));
        try
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(CastTypeInfoToTensorInfoIndex))(typeInfo, &tensorInfo));
            if (tensorInfo == IntPtr.Zero) return (0, []);
            int type;
            nuint rank;
            Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(GetTensorElementTypeIndex))(tensorInfo, &type));
            Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(GetDimensionsCountIndex))(tensorInfo, &rank));
            var dims = new long[(int)rank];
            fixed (long* d = dims) Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Fn(GetDimensionsIndex))(tensorInfo, d, rank));
            return (type, dims);
        }
        finally
        {
            ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseTypeInfoIndex))(typeInfo);
        }
    }

    // OrtStatus* CreateTensorWithDataAsOrtValue(const OrtMemoryInfo*, void* data, size_t bytes, const int64_t* shape,
    //                                           size_t rank, ONNXTensorElementDataType, OrtValue** out)
    internal static IntPtr CreateFloatTensor(IntPtr memoryInfo, float* data, long count, long* shape, int rank)
    {
        IntPtr value;
        Check(((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Fn(CreateTensorWithDataAsOrtValueIndex))(
            memoryInfo, data, (nuint)(count * sizeof(float)), shape, (nuint)rank, 1 /* FLOAT */, &value));
        return value;
    }

    // OrtStatus* CreateCpuMemoryInfo(OrtAllocatorType, OrtMemType, OrtMemoryInfo** out)
    internal static IntPtr CreateCpuMemoryInfo()
    {
        IntPtr info;
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)Fn(CreateCpuMemoryInfoIndex))(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &info));
        return info;
    }

    /// <summary>The custom metadata map and producer name of a session's model.</summary>
    internal static (Dictionary<string, string> Custom, string Producer) Metadata(IntPtr session)
    {
        IntPtr meta, allocator = DefaultAllocator();
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(SessionGetModelMetadataIndex))(session, &meta));
        try
        {
            IntPtr producer, keys;
            long count;
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(ModelMetadataGetProducerNameIndex))(meta, allocator, &producer));
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr*, long*, IntPtr>)Fn(ModelMetadataGetCustomMetadataMapKeysIndex))(meta, allocator, &keys, &count));
            var map = new Dictionary<string, string>();
            for (long i = 0; i < count; i++)
            {
                IntPtr keyPtr = ((IntPtr*)keys)[i], value;
                Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(ModelMetadataLookupCustomMetadataMapIndex))(meta, allocator, keyPtr, &value));
                string key = TakeString(allocator, keyPtr)!;
                map[key] = TakeString(allocator, value) ?? "";
            }
            if (keys != IntPtr.Zero) Free(allocator, keys);
            return (map, TakeString(allocator, producer) ?? "");
        }
        finally
        {
            ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseModelMetadataIndex))(meta);
        }
    }

    /// <summary>Names of the execution providers compiled into the loaded library, e.g. "CPUExecutionProvider".</summary>
    internal static string[] AvailableProviders()
    {
        IntPtr list;
        int count;
        Check(((delegate* unmanaged<IntPtr*, int*, IntPtr>)Fn(GetAvailableProvidersIndex))(&list, &count));
        try
        {
            var names = new string[count];
            for (int i = 0; i < count; i++) names[i] = Marshal.PtrToStringUTF8(((IntPtr*)list)[i]) ?? "";
            return names;
        }
        finally
        {
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(ReleaseAvailableProvidersIndex))(list, count));
        }
    }

    internal static void ReleaseEnv(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseEnvIndex))(p);
    internal static void ReleaseMemoryInfo(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseMemoryInfoIndex))(p);
    internal static void ReleaseSession(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseSessionIndex))(p);
    internal static void ReleaseValue(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseValueIndex))(p);
    internal static void ReleaseSessionOptions(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(ReleaseSessionOptionsIndex))(p);

    private static IntPtr DefaultAllocator()
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(GetAllocatorWithDefaultOptionsIndex))(&allocator));
        return allocator;
    }

    private static void Free(IntPtr allocator, IntPtr p) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Fn(AllocatorFreeIndex))(allocator, p));

    /// <summary>Copies a string allocated by ORT's allocator and frees it; null stays null.</summary>
    private static string? TakeString(IntPtr allocator, IntPtr p)
    {
        if (p == IntPtr.Zero) return null;
        string s = Marshal.PtrToStringUTF8(p) ?? "";
        Free(allocator, p);
        return s;
    }

    /// <summary>OrtCUDAProviderOptions, padded: newer ORT versions append fields that must read as zero.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CudaProviderOptions
    {
        public int DeviceId;
        public int CudnnConvAlgoSearch;
        public nuint GpuMemLimit;
        public int ArenaExtendStrategy;
        public int DoCopyInDefaultStream;
        public int HasUserComputeStream;
        public IntPtr UserComputeStream;
        public IntPtr DefaultMemoryArenaCfg;
        public fixed byte Reserved[64];
    }
}

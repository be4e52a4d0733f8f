using System.Globalization;
using Vae.MLNet.Classifiers;
using Vae.MLNet.XGBoost.Native;
using static Vae.MLNet.XGBoost.Native.XGBoostNative;

namespace Vae.MLNet.XGBoost;

/// <summary>
/// Gradient-boosted trees for multiclass classification through XGBoost's C API (Chen &amp; Guestrin
/// 2016, "XGBoost: A Scalable Tree Boosting System"): objective <c>multi:softprob</c>, so
/// <see cref="PredictProbabilities"/> gives the softmax of the summed tree outputs per class.
/// Predictions are serialized with a lock (XGBoost's prediction buffer belongs to the booster).
/// </summary>
public sealed class XGBoostClassifier : IClassifier, IDisposable
{
    private readonly XGBoostHandle _booster;
    private readonly int _d;
    private readonly Lock _gate = new();

    private XGBoostClassifier(XGBoostHandle booster, int d, IReadOnlyList<int> classes) => (_booster, _d, Classes) = (booster, d, classes);

    /// <inheritdoc />
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Trains <see cref="XGBoostOptions.NumberOfIterations"/> rounds on the rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="XGBoostException">XGBoost rejected the data or a parameter.</exception>
    public static XGBoostClassifier Fit(TrainingSet data, XGBoostOptions options, int seed)
    {
        options.Validate();
        using var matrix = Matrix(data.Features, data.Count, data.Dimensions);
        var labels = Array.ConvertAll(data.ClassIndex, c => (float)c); // XGBoost wants classes 0..K−1
        unsafe
        {
            fixed (float* p = labels) Check(XGDMatrixSetFloatInfo(matrix.DangerousGetHandle(), "label", p, (ulong)labels.Length), "XGDMatrixSetFloatInfo");
        }
        var booster = CreateBooster(matrix);
        var c = CultureInfo.InvariantCulture;
        var parameters = new Dictionary<string, string>
        {
            ["objective"] = "multi:softprob", ["num_class"] = data.Classes.Count.ToString(c), ["tree_method"] = "hist",
            ["eta"] = options.LearningRate.ToString("R", c), ["max_depth"] = options.MaximumTreeDepth.ToString(c),
            ["lambda"] = options.L2Regularization.ToString("R", c), ["min_child_weight"] = options.MinimumChildWeight.ToString("R", c),
            ["nthread"] = options.NumberOfThreads.ToString(c), ["seed"] = (options.Seed ?? seed).ToString(c), ["verbosity"] = "0",
        };
        foreach (var (name, value) in parameters)
            Check(XGBoosterSetParam(booster.DangerousGetHandle(), name, value), $"XGBoosterSetParam({name}={value})");
        for (int i = 0; i < options.NumberOfIterations; i++)
            Check(XGBoosterUpdateOneIter(booster.DangerousGetHandle(), i, matrix.DangerousGetHandle()), "XGBoosterUpdateOneIter");
        return new XGBoostClassifier(booster, data.Dimensions, data.Classes);
    }

    /// <inheritdoc />
    public float[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        int n = features.Length / _d, k = Classes.Count;
        using var matrix = Matrix(features, n, _d);
        lock (_gate)
        {
            unsafe
            {
                Check(XGBoosterPredict(_booster.DangerousGetHandle(), matrix.DangerousGetHandle(), 0, 0, 0, out ulong length, out float* result), "XGBoosterPredict");
                if (length != (ulong)n * (ulong)k) throw new XGBoostException($"XGBoosterPredict returned {length} values for {n} rows × {k} classes.");
                return new ReadOnlySpan<float>(result, n * k).ToArray();
            }
        }
    }

    /// <summary>Writes the classes and the booster (XGBoost's UBJSON model format).</summary>
    public void Save(Stream stream)
    {
        byte[] model;
        lock (_gate)
        {
            unsafe
            {
                Check(XGBoosterSaveModelToBuffer(_booster.DangerousGetHandle(), "{\"format\": \"ubj\"}", out ulong length, out byte* data), "XGBoosterSaveModelToBuffer");
                model = new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
            }
        }
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write("Vae.MLNet.XGBoostClassifier");
        w.Write(1);
        w.Write(Classes.Count);
        foreach (var label in Classes) w.Write(label);
        w.Write(_d);
        w.Write(model.Length);
        w.Write(model);
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>; its predictions equal the saved one's.</summary>
    /// <exception cref="InvalidDataException">The stream holds something else.</exception>
    /// <exception cref="XGBoostException">XGBoost rejects the model bytes.</exception>
    public static XGBoostClassifier Load(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        string header;
        try
        {
            header = r.ReadString();
            if (header != "Vae.MLNet.XGBoostClassifier" || r.ReadInt32() != 1)
                throw new InvalidDataException($"expected a saved XGBoostClassifier (version 1); found '{header}'.");
            var classes = Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadInt32()).ToArray();
            int d = r.ReadInt32();
            var model = r.ReadBytes(r.ReadInt32());
            var booster = CreateBooster(null);
            unsafe
            {
                fixed (byte* p = model) Check(XGBoosterLoadModelFromBuffer(booster.DangerousGetHandle(), p, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
            }
            return new XGBoostClassifier(booster, d, classes);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("expected a saved XGBoostClassifier; the data ends early (truncated, or not such a model).", e);
        }
    }

    /// <summary>Frees the booster.</summary>
    public void Dispose() => _booster.Dispose();

    private static XGBoostHandle Matrix(ReadOnlySpan<float> features, int rows, int columns)
    {
        unsafe
        {
            fixed (float* p = features)
            {
                Check(XGDMatrixCreateFromMat(p, (ulong)rows, (ulong)columns, float.NaN, out IntPtr matrix), "XGDMatrixCreateFromMat");
                return new XGBoostHandle(matrix, XGDMatrixFree);
            }
        }
    }

    private static XGBoostHandle CreateBooster(XGBoostHandle? train)
    {
        unsafe
        {
            IntPtr m = train?.DangerousGetHandle() ?? IntPtr.Zero;
            Check(XGBoosterCreate(train is null ? null : &m, train is null ? 0UL : 1UL, out IntPtr booster), "XGBoosterCreate");
            return new XGBoostHandle(booster, XGBoosterFree);
        }
    }
}

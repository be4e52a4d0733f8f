using Microsoft.ML.Data;
using Vae.MLNet.Data;
using Vae.MLNet.Models;

namespace Vae.MLNet;

/// <summary>One row of an IDX dataset as <see cref="VaeDataCatalogExtensions.LoadFromIdx"/> gives it.</summary>
public sealed class IdxImageRow
{
    /// <summary>The class label as stored (0–9 for MNIST and Fashion-MNIST).</summary>
    public float Label { get; set; }

    /// <summary>The image [1, 28, 28] row-major, float32 in [0, 1] (byte / 255).</summary>
    [VectorType(IdxReader.ImageSide * IdxReader.ImageSide)]
    public float[] Image { get; set; } = [];
}

/// <summary>Rows of an IDX image file and its label file, read anew, in batches, each time they are enumerated.</summary>
internal sealed class IdxRows(string imagesPath, string labelsPath) : IEnumerable<IdxImageRow>
{
    private const int BatchSize = 1024;

    public IEnumerator<IdxImageRow> GetEnumerator()
    {
        foreach (var batch in IdxReader.ReadBatches(imagesPath, labelsPath, BatchSize, out _))
            for (int i = 0; i < batch.Count; i++)
                yield return new IdxImageRow { Label = batch.Labels[i], Image = batch.Image(i).ToArray() };
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

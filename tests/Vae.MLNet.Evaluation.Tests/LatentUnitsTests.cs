using Vae.MLNet.Evaluation;

namespace Vae.MLNet.Evaluation.Tests;

/// <summary>Active units and KL per dimension against values worked by hand and numpy's.</summary>
public class LatentUnitsTests
{
    [Fact]
    public void KnownValues()
    {
        // d = 3 over four points: dimension 1 varies (Var = 1.25), dimension 2 is constant (collapsed), dimension 3 barely varies.
        float[] mu = [1, 0, 0.05f, 2, 0, 0, 3, 0, 0.05f, 4, 0, 0];
        float[] logVar = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, MathF.Log(2)];
        var units = LatentUnits.Compute(mu, logVar, 3);
        Assert.Equal(1.25, units.MeanVariance[0], 1e-9);
        Assert.Equal(0, units.MeanVariance[1]);
        Assert.Equal(0.000625, units.MeanVariance[2], 1e-9);
        Assert.Equal([true, false, false], units.Active);
        Assert.Equal(1, units.ActiveCount);
        // KL_j = mean of ½(μ² + σ² − log σ² − 1): dimension 1: ½·mean(1, 4, 9, 16) = 3.75; 2: 0; 3: ¼·(2·½·0.0025 + ½(2 − ln 2 − 1)).
        Assert.Equal(3.75, units.KlPerDimension![0], 1e-9);
        Assert.Equal(0, units.KlPerDimension[1], 1e-12);
        Assert.Equal(0.25 * (0.0025 + 0.5 * (1 - Math.Log(2))), units.KlPerDimension[2], 1e-7);
    }

    [Fact]
    public void AnAutoencoderHasNoKlAndBadShapesAreRefused()
    {
        Assert.Null(LatentUnits.Compute([0, 1, 2, 3], [], 2).KlPerDimension);
        Assert.Throws<ArgumentException>(() => LatentUnits.Compute([0, 1, 2], [], 2));
        Assert.Throws<ArgumentException>(() => LatentUnits.Compute([0, 1, 2, 3], [0, 1], 2));
    }
}

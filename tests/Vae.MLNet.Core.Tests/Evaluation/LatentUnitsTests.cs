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
    public void AUnitWhoseMuVariesButCarriesUnderATenthOfANatIsInactive()
    {
        // d = 2 over four points, σ = 1 everywhere: unit 1 has μ = ±0.3 (Var 0.09 > 0.01, KL = ½·0.09 = 0.045 nats):
        // Burda's variance test alone calls it active; the KL floor does not. Unit 2 has μ = ±1 (KL = 0.5 nats).
        float[] mu = [0.3f, 1, -0.3f, -1, 0.3f, 1, -0.3f, -1];
        var units = LatentUnits.Compute(mu, new float[8], 2);
        Assert.Equal(0.09, units.MeanVariance[0], 1e-6);
        Assert.Equal(0.045, units.KlPerDimension![0], 1e-6);
        Assert.Equal([false, true], units.Active);
        Assert.False(units.Collapsed); // one of two is not fewer than half
        // Without log σ² (an autoencoder) only the variance counts.
        Assert.Equal([true, true], LatentUnits.Compute(mu, [], 2).Active);
    }

    [Fact]
    public void FewerThanHalfActiveIsCollapse()
    {
        // d = 3, only unit 1 varies: 1 of 3 active.
        float[] mu = [1, 0, 0, -1, 0, 0, 2, 0, 0];
        Assert.True(LatentUnits.Compute(mu, new float[9], 3).Collapsed);
    }

    [Fact]
    public void AnAutoencoderHasNoKlAndBadShapesAreRefused()
    {
        Assert.Null(LatentUnits.Compute([0, 1, 2, 3], [], 2).KlPerDimension);
        Assert.Throws<ArgumentException>(() => LatentUnits.Compute([0, 1, 2], [], 2));
        Assert.Throws<ArgumentException>(() => LatentUnits.Compute([0, 1, 2, 3], [0, 1], 2));
    }
}

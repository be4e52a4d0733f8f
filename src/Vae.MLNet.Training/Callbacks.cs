namespace Vae.MLNet.Training;

/// <summary>
/// Early stopping on the validation loss, as Keras' <c>EarlyStopping(monitor='val_loss', mode='min')</c>
/// (keras/callbacks.py, 2.11): an epoch improves when loss &lt; best − minDelta; training stops once
/// <c>patience</c> epochs in a row have not improved. Its state is a plain record so a checkpoint can
/// carry it.
/// </summary>
public sealed class EarlyStopping(int patience, double minDelta)
{
    /// <summary>The state: best loss so far, its epoch, and epochs since the last improvement.</summary>
    public sealed record State(double Best, int BestEpoch, int Wait);

    /// <summary>State before any epoch.</summary>
    public static State Initial => new(double.PositiveInfinity, 0, 0);

    /// <summary>Feeds one epoch's validation loss.</summary>
    /// <returns>The new state, whether this epoch improved, and whether training should stop.</returns>
    public (State State, bool Improved, bool Stop) Update(State state, int epoch, double loss)
    {
        int wait = state.Wait + 1;
        bool improved = loss < state.Best - minDelta;
        var next = improved ? new State(loss, epoch, 0) : state with { Wait = wait };
        return (next, improved, next.Wait >= patience);
    }
}

/// <summary>
/// Learning-rate reduction on a validation-loss plateau, as Keras' <c>ReduceLROnPlateau</c>
/// (keras/callbacks.py, 2.11, cooldown 0): an epoch improves when loss &lt; best − minDelta; after
/// <c>patience</c> epochs without improvement the rate becomes max(rate × factor, minLr) and the count restarts.
/// </summary>
public sealed class ReduceLrOnPlateau(double factor, int patience, double minLr, double minDelta = 1e-4)
{
    /// <summary>The state: best loss so far and epochs since the last improvement.</summary>
    public sealed record State(double Best, int Wait);

    /// <summary>State before any epoch.</summary>
    public static State Initial => new(double.PositiveInfinity, 0);

    /// <summary>Feeds one epoch's validation loss and the current rate; returns the new state and rate.</summary>
    public (State State, double LearningRate) Update(State state, double loss, double learningRate)
    {
        if (loss < state.Best - minDelta)
            return (new State(loss, 0), learningRate);
        int wait = state.Wait + 1;
        if (wait < patience)
            return (state with { Wait = wait }, learningRate);
        // Keras compares against float32(min_lr): a rate already at the floor stays there.
        return learningRate > (float)minLr
            ? (state with { Wait = 0 }, Math.Max(learningRate * factor, minLr))
            : (state with { Wait = wait }, learningRate);
    }
}

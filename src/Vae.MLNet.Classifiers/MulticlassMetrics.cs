namespace Vae.MLNet.Classifiers;

/// <summary>
/// Multiclass figures of predictions against true labels: accuracy, macro-averaged F1 (unweighted mean
/// of per-class F1, as scikit-learn's f1_score(average='macro')), log-loss (mean −ln p of the true class,
/// p clipped to [1e-15, 1 − 1e-15] as scikit-learn's log_loss) and the confusion matrix
/// [true class, predicted class] over <see cref="Classes"/>.
/// </summary>
public sealed record MulticlassMetrics(double Accuracy, double MacroF1, double LogLoss, IReadOnlyList<int> Classes, int[,] Confusion)
{
    /// <summary>Evaluates a classifier on labelled rows.</summary>
    /// <exception cref="ArgumentException">A true label is not among the classifier's classes.</exception>
    public static MulticlassMetrics Evaluate(IClassifier classifier, ReadOnlySpan<float> features, int[] labels) =>
        FromPredictions(classifier.PredictProbabilities(features), classifier.Predict(features), labels, classifier.Classes);

    /// <summary>Evaluates predictions already made.</summary>
    /// <param name="probabilities">[n, classes] row-major; column c is the probability of <paramref name="classes"/>[c].</param>
    /// <param name="predicted">n predicted labels (each among <paramref name="classes"/>).</param>
    /// <param name="labels">n true labels.</param>
    /// <param name="classes">The class labels, in the column order of <paramref name="probabilities"/>.</param>
    /// <exception cref="ArgumentException">Sizes disagree, or a label is not among the classes.</exception>
    public static MulticlassMetrics FromPredictions(ReadOnlySpan<float> probabilities, int[] predicted, int[] labels, IReadOnlyList<int> classes)
    {
        int k = classes.Count;
        if (predicted.Length != labels.Length || probabilities.Length != (long)labels.Length * k || labels.Length == 0)
            throw new ArgumentException($"{labels.Length} labels, {predicted.Length} predictions and {probabilities.Length} probabilities for {k} classes do not fit together.");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var confusion = new int[k, k];
        double logLoss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (!index.TryGetValue(labels[i], out int t))
                throw new ArgumentException($"label {labels[i]} of row {i} was not seen in training (classes: {string.Join(", ", classes)}).");
            if (!index.TryGetValue(predicted[i], out int p))
                throw new ArgumentException($"predicted label {predicted[i]} of row {i} is not among the classes ({string.Join(", ", classes)}).");
            confusion[t, p]++;
            logLoss -= Math.Log(Math.Clamp(probabilities[i * k + t], 1e-15, 1 - 1e-15));
        }
        double correct = Enumerable.Range(0, k).Sum(c => confusion[c, c]);
        double macroF1 = Enumerable.Range(0, k).Average(c =>
        {
            double tp = confusion[c, c];
            double predictedC = Enumerable.Range(0, k).Sum(r => confusion[r, c]), actualC = Enumerable.Range(0, k).Sum(p => confusion[c, p]);
            return tp == 0 ? 0 : 2 * tp / (predictedC + actualC);
        });
        return new MulticlassMetrics(correct / labels.Length, macroF1, logLoss / labels.Length, classes, confusion);
    }
}

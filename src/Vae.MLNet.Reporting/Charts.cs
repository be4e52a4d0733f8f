using System.Text.Json.Nodes;
using Vae.MLNet.Runs;

namespace Vae.MLNet.Reporting;

/// <summary>Vega-Lite 5 specifications of the report's charts (rendered in the browser by vega-embed).</summary>
public static class Charts
{
    private const string Schema = "https://vega.github.io/schema/vega-lite/v5.json";

    /// <summary>
    /// Loss curves per epoch: total, reconstruction and KL (nats per image), training and validation,
    /// one panel per term with its own y scale.
    /// </summary>
    public static JsonObject LossCurves(IReadOnlyList<EpochMetrics> epochs)
    {
        var rows = new JsonArray();
        foreach (var e in epochs)
        {
            Add(rows, e.Epoch, "training", e.Train.Total, e.Train.Reconstruction, e.Train.Kl);
            if (e.Validation is { } v)
                Add(rows, e.Epoch, "validation", v.Total, v.Reconstruction, v.Kl);
        }
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["data"] = new JsonObject { ["values"] = rows },
            ["facet"] = new JsonObject { ["column"] = Field("term", "nominal", "", sort: new JsonArray("total", "reconstruction", "KL")) },
            ["resolve"] = new JsonObject { ["scale"] = new JsonObject { ["y"] = "independent" } },
            ["spec"] = new JsonObject
            {
                ["width"] = 260,
                ["height"] = 200,
                ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true },
                ["encoding"] = new JsonObject
                {
                    ["x"] = Field(
                        "epoch",
                        "quantitative",
                        "epoch",
                        extra: new JsonObject
                        {
                            ["axis"] = new JsonObject { ["tickMinStep"] = 1, ["format"] = "d" },
                        }
                    ),
                    ["y"] = Field(
                        "value",
                        "quantitative",
                        "nats per image",
                        extra: new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }
                    ),
                    ["color"] = Field("split", "nominal", "split"),
                    ["tooltip"] = new JsonArray(
                        Field("split", "nominal", "split"),
                        Field("epoch", "quantitative", "epoch"),
                        Field("value", "quantitative", "nats/image")
                    ),
                },
            },
        };
    }

    private static void Add(JsonArray rows, int epoch, string split, double total, double reconstruction, double kl)
    {
        foreach (var (term, value) in new[] { ("total", total), ("reconstruction", reconstruction), ("KL", kl) })
            rows.Add(
                new JsonObject
                {
                    ["epoch"] = epoch,
                    ["split"] = split,
                    ["term"] = term,
                    ["value"] = Math.Round(value, 4),
                }
            );
    }

    /// <summary>A 2-D projection [n, 2] of latent means coloured by class name.</summary>
    public static JsonObject Scatter(
        ReadOnlySpan<float> xy,
        ReadOnlySpan<int> labels,
        Func<int, string> name,
        string xTitle,
        string yTitle,
        int size = 420,
        bool legend = true
    )
    {
        var rows = new JsonArray();
        for (int i = 0; i < labels.Length; i++)
            rows.Add(
                new JsonObject
                {
                    ["x"] = Math.Round(xy[2 * i], 4),
                    ["y"] = Math.Round(xy[2 * i + 1], 4),
                    ["class"] = name(labels[i]),
                }
            );
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["width"] = size,
            ["height"] = size,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = new JsonObject
            {
                ["type"] = "circle",
                ["size"] = 14,
                ["opacity"] = 0.7,
            },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("x", "quantitative", xTitle, extra: new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }),
                ["y"] = Field("y", "quantitative", yTitle, extra: new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }),
                ["color"] = Field(
                    "class",
                    "nominal",
                    "class",
                    extra: legend
                        ? new JsonObject { ["scale"] = new JsonObject { ["scheme"] = "tableau10" } }
                        : new JsonObject
                        {
                            ["scale"] = new JsonObject { ["scheme"] = "tableau10" },
                            ["legend"] = null,
                        }
                ),
                ["tooltip"] = new JsonArray(Field("class", "nominal", "class")),
            },
        };
    }

    /// <summary>
    /// The silhouette plot (Rousseeuw 1987, fig. 1, as the notebook "Analysis of the latent space in the variational
    /// auto-encoder" draws it): each sample's coefficient as a horizontal
    /// line, sorted within its class, classes stacked with gaps, and the mean as a dashed rule.
    /// </summary>
    public static JsonObject Silhouette(IReadOnlyList<double> samples, ReadOnlySpan<int> labels, double mean, Func<int, string> name)
    {
        var rows = new JsonArray();
        int position = 0;
        var labelArray = labels.ToArray();
        var byClass = Enumerable.Range(0, labelArray.Length).GroupBy(i => labelArray[i]).OrderBy(g => g.Key).ToList();
        foreach (var group in byClass)
        {
            foreach (var value in group.Select(i => samples[i]).Order())
                rows.Add(
                    new JsonObject
                    {
                        ["position"] = position++,
                        ["value"] = Math.Round(value, 4),
                        ["class"] = name(group.Key),
                    }
                );
            position += Math.Max(10, labelArray.Length / 100);
        }
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["width"] = 420,
            ["height"] = 520,
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = rows },
                    ["transform"] = new JsonArray(new JsonObject { ["calculate"] = "0", ["as"] = "zero" }),
                    ["mark"] = new JsonObject { ["type"] = "rule", ["strokeWidth"] = 1 },
                    ["encoding"] = new JsonObject
                    {
                        ["y"] = Field(
                            "position",
                            "quantitative",
                            "samples, sorted within each class",
                            extra: new JsonObject
                            {
                                ["axis"] = new JsonObject { ["labels"] = false, ["ticks"] = false },
                            }
                        ),
                        ["x"] = Field("zero", "quantitative", "silhouette coefficient"),
                        ["x2"] = new JsonObject { ["field"] = "value" },
                        ["color"] = Field(
                            "class",
                            "nominal",
                            "class",
                            extra: new JsonObject { ["scale"] = new JsonObject { ["scheme"] = "tableau10" } }
                        ),
                    },
                },
                new JsonObject
                {
                    ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["mean"] = Math.Round(mean, 4) }) },
                    ["mark"] = new JsonObject
                    {
                        ["type"] = "rule",
                        ["color"] = "red",
                        ["strokeDash"] = new JsonArray(6, 4),
                        ["strokeWidth"] = 2,
                    },
                    ["encoding"] = new JsonObject { ["x"] = Field("mean", "quantitative", "silhouette coefficient") },
                }
            ),
        };
    }

    /// <summary>
    /// One bar per latent dimension: its KL term in nats (a VAE) or Var(μ_j) (an AE), coloured active or
    /// inactive (Burda et al. 2015, §5.2); the tooltip gives both figures.
    /// </summary>
    public static JsonObject LatentUnits(Evaluation.LatentUnitStats units)
    {
        var rows = new JsonArray();
        for (int j = 0; j < units.Active.Length; j++)
            rows.Add(
                new JsonObject
                {
                    ["dimension"] = j + 1,
                    ["kl"] = units.KlPerDimension is { } kl ? Math.Round(kl[j], 4) : null,
                    ["variance"] = Math.Round(units.MeanVariance[j], 5),
                    ["unit"] = units.Active[j] ? "active" : "inactive",
                }
            );
        string y = units.KlPerDimension is null ? "variance" : "kl";
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["width"] = Math.Clamp(24 * units.Active.Length, 160, 640),
            ["height"] = 220,
            ["data"] = new JsonObject { ["values"] = rows },
            ["mark"] = "bar",
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("dimension", "ordinal", "latent dimension j"),
                ["y"] = Field(y, "quantitative", y == "kl" ? "KL per dimension, nats" : "Var(μ_j) over the test set"),
                ["color"] = Field(
                    "unit",
                    "nominal",
                    "unit",
                    extra: new JsonObject
                    {
                        ["scale"] = new JsonObject
                        {
                            ["domain"] = new JsonArray("active", "inactive"),
                            ["range"] = new JsonArray("#4c78a8", "#bbbbbb"),
                        },
                    }
                ),
                ["tooltip"] = new JsonArray(
                    Field("dimension", "ordinal", "dimension"),
                    Field("kl", "quantitative", "KL, nats"),
                    Field("variance", "quantitative", "Var(μ_j)")
                ),
            },
        };
    }

    /// <summary>
    /// The rate–distortion plane of a sweep (Alemi et al. 2018, "Fixing a Broken ELBO", fig. 1): one
    /// point per run at (rate = KL, distortion = reconstruction), nats per image, labelled by β and d.
    /// </summary>
    public static JsonObject RateDistortion(IEnumerable<(double Rate, double Distortion, double Beta, int LatentSize)> runs)
    {
        var rows = new JsonArray();
        foreach (var r in runs)
            rows.Add(
                new JsonObject
                {
                    ["rate"] = Math.Round(r.Rate, 3),
                    ["distortion"] = Math.Round(r.Distortion, 3),
                    ["beta"] = r.Beta,
                    ["d"] = r.LatentSize,
                    ["run"] = $"β = {r.Beta.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}, d = {r.LatentSize}",
                }
            );
        var encoding = new JsonObject
        {
            ["x"] = Field(
                "rate",
                "quantitative",
                "rate: KL term, nats/image",
                extra: new JsonObject { ["scale"] = new JsonObject { ["zero"] = true } }
            ),
            ["y"] = Field(
                "distortion",
                "quantitative",
                "distortion: reconstruction term, nats/image",
                extra: new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }
            ),
        };
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["width"] = 420,
            ["height"] = 320,
            ["data"] = new JsonObject { ["values"] = rows },
            ["layer"] = new JsonArray(
                new JsonObject
                {
                    ["mark"] = new JsonObject
                    {
                        ["type"] = "point",
                        ["filled"] = true,
                        ["size"] = 60,
                    },
                    ["encoding"] = encoding.DeepClone().AsObject().Also(e => e["color"] = Field("d", "ordinal", "latent size d")),
                },
                new JsonObject
                {
                    ["mark"] = new JsonObject
                    {
                        ["type"] = "text",
                        ["align"] = "left",
                        ["dx"] = 6,
                        ["dy"] = -6,
                        ["fontSize"] = 10,
                    },
                    ["encoding"] = encoding.DeepClone().AsObject().Also(e => e["text"] = new JsonObject { ["field"] = "run" }),
                }
            ),
        };
    }

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }

    private static JsonObject Field(string field, string type, string title, JsonArray? sort = null, JsonObject? extra = null)
    {
        var o = new JsonObject
        {
            ["field"] = field,
            ["type"] = type,
            ["title"] = title,
        };
        if (sort is not null)
            o["sort"] = sort;
        if (extra is not null)
            foreach (var (k, v) in extra.ToList())
            {
                extra.Remove(k);
                o[k] = v;
            }
        return o;
    }
}

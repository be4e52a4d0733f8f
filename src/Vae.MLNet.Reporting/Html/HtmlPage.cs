using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.MLNet.Data;

namespace Vae.MLNet.Reporting.Html;

/// <summary>
/// A self-contained HTML page: sections of markup, PNG assets and Vega-Lite charts. <see cref="Write"/>
/// puts <c>index.html</c> and <c>assets/</c> (the PNGs and the Vega scripts) into a folder that opens
/// offline from the file system; it is built beside the target and renamed over it, so a reader never
/// sees half a report.
/// </summary>
public sealed class HtmlPage(string title)
{
    /// <summary>The scripts loaded in order (their files come from <c>report-js/</c> beside this assembly).</summary>
    public static readonly string[] Scripts = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "umap-js.min.js"];

    private readonly StringBuilder _body = new();
    private readonly Dictionary<string, byte[]> _assets = [];
    private readonly JsonObject _charts = [];
    private readonly JsonObject _umaps = [];
    private readonly List<(string Id, string Heading)> _contents = [];

    /// <summary>HTML-escapes text.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Appends a section with an id (the tests look for every id) and a heading.</summary>
    /// <remarks>Listed in the table of contents unless <paramref name="listed"/> is false (a model's sections in a
    /// comparison, listed under the model).</remarks>
    public HtmlPage Section(string id, string heading, string innerHtml, bool listed = true)
    {
        if (listed)
            _contents.Add((id, heading));
        _body.Append($"<section id=\"{id}\">\n<h2>{Text(heading)}</h2>\n{innerHtml}\n</section>\n");
        return this;
    }

    /// <summary>Appends a part heading (a model of a comparison), listed in the table of contents.</summary>
    public HtmlPage Part(string id, string heading)
    {
        _contents.Add((id, heading));
        _body.Append($"<h2 class=\"model\" id=\"{id}\">{Text(heading)}</h2>\n");
        return this;
    }

    /// <summary>Appends raw markup.</summary>
    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>
    /// Registers a PNG and returns its figure markup, shown at <paramref name="scale"/> times its pixel
    /// size, with optional labels beside it (<paramref name="rowLabels"/>, top to bottom, spread over its
    /// height) and under it (<paramref name="columnLabels"/>, left to right, spread over its width);
    /// with <paramref name="axis"/> the first and last labels sit at the ends (axis ticks), otherwise
    /// each label is centred on its share (one per row or tile).
    /// </summary>
    public string Image(
        string name,
        byte[] png,
        string caption,
        int scale = 2,
        IReadOnlyList<string>? rowLabels = null,
        IReadOnlyList<string>? columnLabels = null,
        bool axis = false
    )
    {
        string file = $"assets/{name}.png";
        _assets[file] = png;
        // 28-pixel tiles are hard to read at 1:1, so pages show them larger; PNG width sits at bytes 16–19 of IHDR.
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        string img = $"<img src=\"{file}\" width=\"{scale * width}\" alt=\"{Text(caption)}\">";
        if (rowLabels is null && columnLabels is null)
            return $"<figure>{img}<figcaption>{Text(caption)}</figcaption></figure>";
        string Spans(IReadOnlyList<string>? labels) => string.Concat((labels ?? []).Select(l => $"<span>{Text(l)}</span>"));
        return "<figure><div class=\"picture\">"
            + (rowLabels is null ? "" : $"<div class=\"rows{(axis ? " axis" : "")}\">{Spans(rowLabels)}</div>")
            + $"<div class=\"column\">{img}"
            + (columnLabels is null ? "" : $"<div class=\"tiles{(axis ? " axis" : "")}\">{Spans(columnLabels)}</div>")
            + $"</div></div><figcaption>{Text(caption)}</figcaption></figure>";
    }

    /// <summary>
    /// Registers a Vega-Lite chart and returns its placeholder markup. The rows behind it
    /// (<c>data.values</c>) are written beside the page as <c>data/ID.csv</c>, linked under the chart.
    /// </summary>
    public string Chart(string id, JsonObject spec, string caption)
    {
        _charts[id] = spec;
        // A layered chart keeps its rows in its first layer (the silhouette plot: samples, then the mean rule).
        if ((spec["data"] ?? spec["layer"]?[0]?["data"])?["values"] is JsonArray rows)
            _assets[$"data/{id}.csv"] = Encoding.UTF8.GetBytes(Csv(rows));
        return $"<figure class=\"plot\"><div class=\"chart\" id=\"{id}\"></div><figcaption>{Text(caption)} "
            + $"<a href=\"data/{id}.csv\" download>Data (CSV)</a></figcaption></figure>";
    }

    /// <summary>
    /// Registers a UMAP projection (McInnes et al. 2018) computed in the page by umap-js 1.4.0 with a
    /// seeded generator (the same picture on every load): <paramref name="points"/> [n, d] row-major,
    /// drawn with <paramref name="spec"/> (a scatter whose rows the page fills with x, y and
    /// <paramref name="classes"/>). The input is written beside the page as <c>data/ID-input.csv</c>;
    /// the computed coordinates can be downloaded from the page and are kept in the chart element's
    /// <c>data-coordinates</c> attribute.
    /// </summary>
    public string Umap(
        string id,
        ReadOnlySpan<float> points,
        int d,
        IReadOnlyList<string> classes,
        int seed,
        JsonObject spec,
        string caption
    )
    {
        var x = new JsonArray();
        foreach (var v in points)
            x.Add(Math.Round(v, 5));
        _umaps[id] = new JsonObject
        {
            ["d"] = d,
            ["seed"] = seed,
            ["x"] = x,
            ["classes"] = new JsonArray(classes.Select(c => (JsonNode)c).ToArray()),
            ["spec"] = spec,
        };
        var csv = new StringBuilder("class," + string.Join(",", Enumerable.Range(1, d).Select(j => $"mu_{j}")) + "\n");
        for (int i = 0; i < classes.Count; i++)
            csv.Append(CsvCell(classes[i]))
                .Append(',')
                .AppendJoin(
                    ',',
                    points.Slice(i * d, d).ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                )
                .Append('\n');
        _assets[$"data/{id}-input.csv"] = Encoding.UTF8.GetBytes(csv.ToString());
        return $"<figure class=\"plot\"><div class=\"chart\" id=\"{id}\"></div><figcaption>{Text(caption)} "
            + $"<a href=\"data/{id}-input.csv\" download>Input (CSV)</a> "
            + $"<a class=\"umap-download\" data-for=\"{id}\" href=\"#\" download=\"{id}.csv\">Coordinates (CSV)</a></figcaption></figure>";
    }

    // Rows of flat objects as CSV (columns: the keys of the first row).
    private static string Csv(JsonArray rows)
    {
        if (rows.Count == 0 || rows[0] is not JsonObject first)
            return "";
        var keys = first.Select(p => p.Key).ToList();
        var csv = new StringBuilder(string.Join(",", keys.Select(CsvCell)) + "\n");
        foreach (var row in rows.OfType<JsonObject>())
            csv.AppendJoin(',', keys.Select(k => CsvCell(row[k] is JsonValue v ? v.ToString() : ""))).Append('\n');
        return csv.ToString();
    }

    private static string CsvCell(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    /// <summary>A table from a header and rows of cell text (escaped).</summary>
    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        "<div class=\"table\"><table><thead><tr>"
        + string.Concat(header.Select(h => $"<th>{Text(h)}</th>"))
        + "</tr></thead><tbody>"
        + string.Concat(rows.Select(r => "<tr>" + string.Concat(r.Select(c => $"<td>{Text(c)}</td>")) + "</tr>"))
        + "</tbody></table></div>";

    /// <summary>
    /// The file every report folder holds: a folder with it was written by this tool and may be replaced by a new
    /// report; any other non-empty folder is refused. It lists the files the report wrote (one relative path a line),
    /// so files a user added to a report folder are seen (a marker of an earlier version is empty: nothing is listed).
    /// </summary>
    public const string MarkerFile = ".vae-report";

    /// <summary>
    /// Checks that <paramref name="directory"/> may receive a report: missing, empty, or a report this tool wrote (it
    /// holds <see cref="MarkerFile"/>) with no files the report did not write, unless <paramref name="overwrite"/>.
    /// Called before any work.
    /// </summary>
    /// <exception cref="ArgumentException">The folder holds other files (a user's folder, a run folder): it is never
    /// deleted; or a report folder holds files a user added and <paramref name="overwrite"/> is off.</exception>
    public static void RequireReportFolder(string directory, bool overwrite = false)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new ArgumentException("--out is empty; expected a folder for the report.");
        string full = Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new ArgumentException($"--out '{directory}' is a file; a report is a folder.");
        AtomicFile.RequireWritable(Path.GetDirectoryName(full) ?? full, "report folder's parent"); // it is built beside
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any())
            return;
        string marker = Path.Combine(full, MarkerFile);
        if (!File.Exists(marker))
            throw new ArgumentException(
                $"--out '{directory}' holds files that are not a report written by vae ({MarkerFile} is missing); "
                    + "refusing to replace it. Name a new or empty folder, or a previous report's folder."
            );
        var written = File.ReadAllLines(marker).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (overwrite || written.Count == 0)
            return;
        var added = Directory
            .EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(full, f))
            .Where(f => f != MarkerFile && !written.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (added.Count > 0)
            throw new ArgumentException(
                $"--out '{directory}' is a report folder holding {added.Count} file(s) the report did not write "
                    + $"({string.Join(", ", added.Take(3))}{(added.Count > 3 ? ", …" : "")}); a new report would delete them. "
                    + "Move them, or pass --overwrite to replace the folder anyway."
            );
    }

    /// <summary>
    /// Writes the report folder, with <see cref="MarkerFile"/>, replacing a previous report there; it is
    /// built beside the folder and renamed over it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The Vega scripts are missing: run ./build.sh (eng/install-report-assets.sh).</exception>
    /// <exception cref="ArgumentException">The folder holds files that are not a report, or that a user added to one
    /// (<see cref="RequireReportFolder"/>).</exception>
    public void Write(string directory, bool overwrite = false)
    {
        RequireReportFolder(directory, overwrite);
        string scripts = Path.Combine(AppContext.BaseDirectory, "report-js");
        foreach (var script in Scripts)
            if (!File.Exists(Path.Combine(scripts, script)))
                throw new FileNotFoundException(
                    $"{Path.Combine(scripts, script)} not found: the report's charting "
                        + "library is installed by ./build.sh (eng/install-report-assets.sh)."
                );
        string full = Path.GetFullPath(directory),
            parent = Path.GetDirectoryName(full)!,
            name = Path.GetFileName(full);
        // A hidden folder beside the target, its marker held open while it is built: what a killed
        // report leaves there is recognised (nobody holds its marker) and removed by the next one.
        AtomicFile.RemoveAbandoned(parent, $".{name}.report-*", MarkerFile);
        string temp = Path.Combine(parent, $".{name}.report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(temp, "assets"));
        Directory.CreateDirectory(Path.Combine(temp, "data"));
        try
        {
            using (var marker = AtomicFile.OpenTemp(Path.Combine(temp, MarkerFile)))
            {
                foreach (var script in Scripts)
                    File.Copy(Path.Combine(scripts, script), Path.Combine(temp, "assets", script));
                foreach (var (file, bytes) in _assets)
                    File.WriteAllBytes(Path.Combine(temp, file), bytes);
                File.WriteAllText(Path.Combine(temp, "index.html"), Render());
                WriteManifest(marker, temp);
                AtomicFile.ReplaceDirectory(temp, full);
            }
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
    }

    // The marker lists every file the report wrote, so a later report sees what a user added.
    private static void WriteManifest(FileStream marker, string folder)
    {
        var files = Directory
            .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(f => f != MarkerFile)
            .Order(StringComparer.Ordinal);
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(files.Select(f => f + "\n")));
        marker.Write(bytes);
        marker.Flush(flushToDisk: true);
    }

    private static string Json(JsonObject o) =>
        o.ToJsonString(new JsonSerializerOptions { WriteIndented = false }).Replace("</", "<\\/", StringComparison.Ordinal);

    // The page's stylesheet and chart script, embedded in this assembly (Html/page.css, Html/page.js).
    private static readonly string Css = Resource("page.css"),
        Script = Resource("page.js");

    private static string Resource(string name)
    {
        using var stream =
            typeof(HtmlPage).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from {typeof(HtmlPage).Assembly.GetName().Name}.");
        return new StreamReader(stream).ReadToEnd();
    }

    private string Render() =>
        $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{Text(title)}}</title>
            <style>
            {{Css}}
            </style>
            {{string.Concat(Scripts.Select(s => $"<script src=\"assets/{s}\"></script>\n"))}}
            </head>
            <body>
            <main>
            <h1>{{Text(title)}}</h1>
            <nav class="contents"><ol>{{string.Concat(
                _contents.Select(c => $"<li><a href=\"#{c.Id}\">{Text(c.Heading)}</a></li>")
            )}}</ol></nav>
            {{_body}}
            </main>
            <script>
            const charts = {{Json(_charts)}};
            const umaps = {{Json(_umaps)}};
            {{Script}}
            </script>
            </body>
            </html>
            """;
}

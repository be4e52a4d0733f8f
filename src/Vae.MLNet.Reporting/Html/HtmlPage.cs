using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    public static readonly string[] Scripts = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

    private readonly StringBuilder _body = new();
    private readonly Dictionary<string, byte[]> _assets = [];
    private readonly JsonObject _charts = [];

    /// <summary>HTML-escapes text.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Appends a section with an id (the tests look for every id) and a heading.</summary>
    public HtmlPage Section(string id, string heading, string innerHtml)
    {
        _body.Append($"<section id=\"{id}\">\n<h2>{Text(heading)}</h2>\n{innerHtml}\n</section>\n");
        return this;
    }

    /// <summary>Appends raw markup.</summary>
    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>Registers a PNG and returns its figure markup, shown at <paramref name="scale"/> times its pixel size.</summary>
    public string Image(string name, byte[] png, string caption, int scale = 2)
    {
        string file = $"assets/{name}.png";
        _assets[file] = png;
        // 28-pixel tiles are hard to read at 1:1, so pages show them larger; PNG width sits at bytes 16–19 of IHDR.
        int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        return $"<figure><img src=\"{file}\" width=\"{scale * width}\" alt=\"{Text(caption)}\"><figcaption>{Text(caption)}</figcaption></figure>";
    }

    /// <summary>Registers a Vega-Lite chart and returns its placeholder markup.</summary>
    public string Chart(string id, JsonObject spec, string caption)
    {
        _charts[id] = spec;
        return $"<figure><div class=\"chart\" id=\"{id}\"></div><figcaption>{Text(caption)}</figcaption></figure>";
    }

    /// <summary>A table from a header and rows of cell text (escaped).</summary>
    public static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows) =>
        "<table><thead><tr>" + string.Concat(header.Select(h => $"<th>{Text(h)}</th>")) + "</tr></thead><tbody>" +
        string.Concat(rows.Select(r => "<tr>" + string.Concat(r.Select(c => $"<td>{Text(c)}</td>")) + "</tr>")) + "</tbody></table>";

    /// <summary>Writes the report folder (replacing an existing one).</summary>
    /// <exception cref="FileNotFoundException">The Vega scripts are missing: run ./build.sh (eng/install-report-assets.sh).</exception>
    public void Write(string directory)
    {
        string scripts = Path.Combine(AppContext.BaseDirectory, "report-js");
        foreach (var script in Scripts)
            if (!File.Exists(Path.Combine(scripts, script)))
                throw new FileNotFoundException($"{Path.Combine(scripts, script)} not found: the report's charting library is installed by ./build.sh (eng/install-report-assets.sh).");
        string full = Path.GetFullPath(directory), temp = full + $".tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(temp, "assets"));
        try
        {
            foreach (var script in Scripts) File.Copy(Path.Combine(scripts, script), Path.Combine(temp, "assets", script));
            foreach (var (file, bytes) in _assets) File.WriteAllBytes(Path.Combine(temp, file), bytes);
            File.WriteAllText(Path.Combine(temp, "index.html"), Render());
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    private string Render() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{Text(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1400px; color: #222; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; } h3 { margin-top: 1.5em; }
        table { border-collapse: collapse; margin: .5em 0; } td, th { border: 1px solid #ddd; padding: .25em .6em; text-align: right; }
        th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
        figure { display: inline-block; vertical-align: top; margin: .5em 1.5em .5em 0; }
        figcaption { font-size: .85em; color: #555; max-width: 520px; }
        img { image-rendering: pixelated; border: 1px solid #ddd; }
        .cards { display: flex; flex-wrap: wrap; gap: 1.5em; } .card { border: 1px solid #ddd; padding: .5em 1em; }
        </style>
        {{string.Concat(Scripts.Select(s => $"<script src=\"assets/{s}\"></script>\n"))}}
        </head>
        <body>
        <h1>{{Text(title)}}</h1>
        {{_body}}
        <script>
        const charts = {{_charts.ToJsonString(new JsonSerializerOptions { WriteIndented = false }).Replace("</", "<\\/", StringComparison.Ordinal)}};
        Promise.all(Object.entries(charts).map(([id, spec]) => vegaEmbed('#' + id, spec, { actions: false, renderer: 'canvas' })))
          .then(() => { document.body.dataset.charts = 'rendered'; })
          .catch(error => { document.body.dataset.charts = 'failed'; console.error(error); });
        </script>
        </body>
        </html>
        """;
}

// Draws the report's charts. The page defines `charts` (Vega-Lite specifications by element id) and
// `umaps` (latent means to embed with UMAP in the page, by element id) before this script.

// mulberry32: a seeded generator, so UMAP draws the same picture on every load.
const seeded = seed => () => {
  seed |= 0;
  seed = seed + 0x6D2B79F5 | 0;
  let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
  t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
  return ((t ^ t >>> 14) >>> 0) / 4294967296;
};

for (const [id, u] of Object.entries(umaps)) {
  const rows = Array.from({ length: u.classes.length }, (_, i) => u.x.slice(i * u.d, (i + 1) * u.d));
  const xy = new UMAP.UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random: seeded(u.seed) }).fit(rows);
  u.spec.data = { values: xy.map((p, i) => ({ x: +p[0].toFixed(4), y: +p[1].toFixed(4), class: u.classes[i] })) };
  charts[id] = u.spec;
  document.getElementById(id).dataset.coordinates = JSON.stringify(xy.map(p => [+p[0].toFixed(5), +p[1].toFixed(5)]));
  const link = document.querySelector(`a.umap-download[data-for="${id}"]`);
  if (link) {
    const csv = 'umap_1,umap_2,class\n' + xy.map((p, i) => `${p[0]},${p[1]},"${u.classes[i]}"`).join('\n') + '\n';
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  }
}

Promise.all(Object.entries(charts).map(([id, spec]) => vegaEmbed('#' + id, spec, { actions: false, renderer: 'canvas' })))
  .then(() => {
    document.body.dataset.charts = 'rendered';
    document.body.dataset.scrollWidth = document.documentElement.scrollWidth;
  })
  .catch(error => {
    document.body.dataset.charts = 'failed';
    console.error(error);
  });

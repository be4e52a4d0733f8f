// Independent ONNX Runtime client (onnxruntime-node 1.30, installed by eng/install-ort-node-client.sh):
// checks exported models outside .NET and is the benchmark's Node.js peer.
//   node ort_node_client.js encode MODEL.onnx IMAGES-idx3-ubyte.gz N OUT.bin
//       writes mu [N, d] then log_var [N, d] (if the model has it) as float32 little-endian
//   node ort_node_client.js bench MODEL.onnx IMAGES-idx3-ubyte.gz BATCH SECONDS THREADS
//       prints 'encoder_img_per_s <value>': one timed pass of SECONDS over the first 10,000 images, after a warm-up run
'use strict';
const path = require('path');
const fs = require('fs');
const zlib = require('zlib');
const ort = require(process.env.ORT_NODE_MODULE ||
  path.join(__dirname, '..', '..', 'artifacts', 'onnxruntime', 'node', 'node_modules', 'onnxruntime-node'));

function readImages(file, n) {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  const count = Math.min(n, raw.readUInt32BE(4));
  const pixels = new Float32Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = raw[16 + i] / 255;
  return { count, pixels };
}

async function session(model, threads) {
  return ort.InferenceSession.create(model, { intraOpNumThreads: threads || 0, graphOptimizationLevel: 'all' });
}

async function encode(model, imagesFile, n, out) {
  const s = await session(model);
  const { count, pixels } = readImages(imagesFile, n);
  const result = await s.run({ image: new ort.Tensor('float32', pixels, [count, 1, 28, 28]) });
  const parts = [result.mu.data];
  if (result.log_var) parts.push(result.log_var.data);
  fs.writeFileSync(out, Buffer.concat(parts.map(p => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

async function bench(model, imagesFile, batch, seconds, threads) {
  const s = await session(model, threads);
  const { count, pixels } = readImages(imagesFile, 10000);
  const batches = [];
  for (let start = 0; start + batch <= count; start += batch) {
    batches.push(new ort.Tensor('float32', pixels.subarray(start * 784, (start + batch) * 784), [batch, 1, 28, 28]));
  }
  await s.run({ image: batches[0] }); // warm-up
  let images = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(Math.round(seconds * 1e9));
  for (let i = 0; process.hrtime.bigint() < deadline; i = (i + 1) % batches.length) {
    await s.run({ image: batches[i] });
    images += batch;
  }
  console.log(`encoder_img_per_s ${(images / (Number(process.hrtime.bigint() - t0) / 1e9)).toFixed(1)}`);
}

const [command, ...args] = process.argv.slice(2);
const run = command === 'encode' ? encode(args[0], args[1], Number(args[2]), args[3])
  : command === 'bench' ? bench(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]))
  : Promise.reject(new Error(`unknown command '${command}' (encode or bench)`));
run.catch(e => { console.error(e.message || e); process.exit(1); });

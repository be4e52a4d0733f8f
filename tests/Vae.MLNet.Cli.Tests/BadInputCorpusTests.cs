using System.Security.Cryptography;
using Vae.MLNet.Tests;

namespace Vae.MLNet.Cli.Tests;

/// <summary>
/// Every crafted bad input through the CLI: the documented exit code, a one-line message naming the
/// file, line, field or option and what was expected, no stack trace, and nothing created or changed
/// (the corpus, the model folder and the output folder are compared before and after).
/// Placeholders: {C} the corpus, {S} its paths that are not regular files, {M} a trained model folder
/// (a finished run), {O} an empty output folder of the case, {F} Debian's Fashion-MNIST, {E} an empty argument.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class BadInputCorpusTests(TrainedRunFixture run, BadInputCorpus corpus) : IClassFixture<TrainedRunFixture>, IClassFixture<BadInputCorpus>
{
    private const string Train = "train --preset dense --epochs 1 --max-train 256 --max-test 20 --out {O}/run";
    private const string TrainWith = "train --epochs 1 --max-test 20 --data {C}/good --out {O}/run";
    private const string TrainBare = "train --preset dense --data {C}/good --out {O}/run";

    public static TheoryData<string, int, string> Cases => new()
    {
        // IDX datasets
        { Train + " --data {C}/magic", 2, "{C}/magic/train-images-idx3-ubyte: magic number 0x00000804; expected 0x00000803" },
        { Train + " --data {C}/dims32", 2, "{C}/dims32/train-images-idx3-ubyte: images are 32×32; expected 28×28" },
        { Train + " --data {C}/count-mismatch", 2, "{C}/count-mismatch/train-labels-idx1-ubyte: holds 299 labels but" },
        { Train + " --data {C}/truncated", 2, "{C}/truncated/train-images-idx3-ubyte: file holds 235116 bytes, but the header's 300 images of 28×28 bytes need 235216: the file is truncated" },
        { Train + " --data {C}/trailing", 2, "{C}/trailing/train-images-idx3-ubyte: file holds 235226 bytes" },
        { Train + " --data {C}/gzip-cut", 2, "{C}/gzip-cut/train-images-idx3-ubyte.gz: decompresses to" },
        { Train + " --data {C}/gzip-corrupt", 2, "{C}/gzip-corrupt/train-images-idx3-ubyte.gz: gzip data is corrupt" },
        { Train + " --data {C}/empty-file", 2, "{C}/empty-file/train-images-idx3-ubyte: file is empty; expected an IDX header" },
        { Train + " --data {C}/zero", 2, "{C}/zero: the training split holds 0 images; at least 2 are needed" },
        { Train + " --data {C}/no-labels", 2, "{C}/no-labels/train-labels-idx1-ubyte.gz: not found" },
        { Train + " --data {C}/nothing-here", 2, "{C}/nothing-here: not found; expected a directory of MNIST-layout IDX files" },
        { Train + " --data {C}/image.png", 2, "{C}/image.png: is a file but not a .csv" },
        // Sign-Language-MNIST CSVs
        { Train + " --data {C}/csv-header/signs_train.csv", 2, "{C}/csv-header/signs_train.csv: header has 3 fields starting 'label'; expected 'label,pixel1,…,pixel784'" },
        { Train + " --data {C}/csv-cell/signs_train.csv", 2, "{C}/csv-cell/signs_train.csv: line 3, column 'pixel5': 'abc' is not an integer" },
        { Train + " --data {C}/csv-short/signs_train.csv", 2, "{C}/csv-short/signs_train.csv: line 2 has 10 fields; expected 785" },
        { Train + " --data {C}/csv-range/signs_train.csv", 2, "{C}/csv-range/signs_train.csv: line 3, column 'pixel1': 300 is outside 0–255" },
        { Train + " --data {C}/csv-permuted/signs_train.csv", 2, "{C}/csv-permuted/signs_train.csv: header field 2 is 'pixel2'; expected 'pixel1' (the pixel columns in order" },
        { Train + " --data {C}/gz-and-raw", 2, "{C}/gz-and-raw: holds train-images-idx3-ubyte.gz and train-images-idx3-ubyte: two copies of one split; keep one." },
        { Train + " --data {C}/csv-no-test/signs_train.csv", 2, "{C}/csv-no-test/signs_test.csv: test split not found beside the training CSV" },
        // Training options and run folders
        { Train + " --data {C}/good --latent 100000000", 2, "--latent must be in [1, 4096], got 100000000" },
        { Train + " --data {C}/good --batch-size -1", 2, "--batch-size must be in [1, 65536], or 0 for automatic; got -1" },
        { Train + " --data {C}/good --validation-split 0.9", 2, "--validation-split must be in [0, 0.5], got 0.9" },
        // Numbers are invariant: no thousands separators, '.' for decimals, whatever the locale
        { Train + " --data {C}/good --beta 1,5", 2, "--beta: '1,5' is not a number; write it with '.' for decimals and no thousands separators" },
        { Train + " --data {C}/good --lr 0,002", 2, "--lr: '0,002' is not a number" },
        { Train + " --data {C}/good --max-train 1,000", 2, "--max-train: '1,000' is not an integer" },
        { "generate {M} --n 1.5 --out {O}/x.png", 2, "--n: '1.5' is not an integer" },
        { TrainWith + " --preset nope", 2, "--preset 'nope' is unknown" },
        { TrainWith + " --max-train 1", 2, "--max-train must be ≥ 2, got 1" },
        { TrainWith + " --preset dense --max-train 10 --validation-split 0.01", 2, "--validation-split 0.01 of 10 training images rounds to no validation image" },
        { "train --preset dense --epochs 1 --data {C}/good --out {M}", 2, "run folder '{M}' holds a finished run (result.json); choose another --out, or pass --overwrite" },
        { "train --preset dense --epochs 1 --data {C}/good --out {C}/image.png", 2, "run folder '{C}/image.png' is a file" },
        { "train --preset dense --epochs 1 --data {C}/good --out {C}/good --overwrite", 2, "--overwrite: '{C}/good' holds files but no run (options.json); refusing to delete it" },
        { "train --resume {O}/none", 2, "{O}/none not found: expected a training run folder" },
        { Train + " --data {C}/good --device cuda", 3, "TorchSharp-cuda-linux" },
        // Report folders: only a report vae wrote is ever replaced
        { "report {M} --out {C}/good", 2, "--out '{C}/good' holds files that are not a report written by vae (.vae-report is missing); refusing to replace it" },
        { "report {M} --out {M}", 2, "--out '{M}' holds files that are not a report written by vae" },
        { "report {M} --out {C}/image.png", 2, "--out '{C}/image.png' is a file; a report is a folder" },
        // Output files: an output is renamed over its path, so only a missing path or a regular file is taken
        { "generate {M} --out /dev/full", 2, "--out '/dev/full' is a device, pipe or socket, not a regular file" },
        // An output that is one of the command's inputs (issue 36, data loss): refused before any work, naming both roles
        { "encode {M} {C}/good --split test --out {C}/good/t10k-images-idx3-ubyte", 2, "--out '{C}/good/t10k-images-idx3-ubyte' is the test images of DATA ('{C}/good/t10k-images-idx3-ubyte'); an output never replaces an input" },
        { "encode {M} {C}/good --split test --out {C}/good/../good/t10k-labels-idx1-ubyte", 2, "is the test labels of DATA" },
        { "encode {M} {C}/good --out {C}/good-images-link", 2, "--out '{C}/good-images-link' is the training images of DATA" },
        { "encode {M} {C}/good --out {M}/encoder.onnx", 2, "--out '{M}/encoder.onnx' is the model folder's encoder.onnx" },
        { "encode {M} {C}/good --out {M}/checkpoint.pt", 2, "--out '{M}/checkpoint.pt' is the model folder's checkpoint.pt" },
        { "generate {M} --out {M}/decoder.onnx", 2, "--out '{M}/decoder.onnx' is the model folder's decoder.onnx" },
        { "decode {M} {C}/latents/ok.csv --out {C}/latents/ok.csv", 2, "--out '{C}/latents/ok.csv' is the latent file LATENTS" },
        { "train --preset dense --epochs 1 --data {C}/data-in-run --out {C}/data-in-run --overwrite", 2, "--out '{C}/data-in-run' holds the training data (--data '{C}/data-in-run'); --overwrite would delete it" },
        { "encode {M} {F} --out /dev/stdout", 2, "--out '/dev/stdout' is a symbolic link" },
        // Bounds
        { Train + " --data {C}/good --threads 999", 2, "--threads must be in [0, " },
        { "encode {M} {F} --threads -1 --out {O}/z.csv", 2, "--threads must be in [0, " },
        { "generate {M} --columns 100000 --out {O}/x.png", 2, "--columns must be in [1, 100], got 100000" },
        { "report {M} --samples 100000000 --out {O}/report", 2, "--samples must be in [1, 5000], got 100000000" },
        // Model folders
        { "encode {C}/onnx-corrupt {F} --out {O}/z.csv", 2, "{C}/onnx-corrupt/encoder.onnx: ONNX Runtime cannot load this model" },
        { "generate {C}/onnx-role --out {O}/x.png", 2, "no encoder output 'mu'" },
        { "generate {C}/onnx-missing --out {O}/x.png", 2, "{C}/onnx-missing/encoder.onnx not found" },
        { "generate {C}/onnx-truncated --out {O}/x.png", 2, "{C}/onnx-truncated/encoder.onnx: ONNX Runtime cannot load this model" },
        { "encode {M} {F} --device cuda --out {O}/z.csv", 2, "--device cuda: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider: CUDA needs the native package Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0" },
        { "generate {M} --device cuda:1 --out {O}/x.png", 2, "--device cuda:1: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider" },
        { "decode {M} {C}/latents/ok.csv --device cuda:x --out {O}/x.png", 2, "--device 'cuda:x' is not known; expected cpu, cuda or cuda:N" },
        { "serve {M} --device cuda", 2, "--device cuda: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider" },
        { "serve {O}/none.zip --device cuda", 2, "MODEL '{O}/none.zip': no such folder or file (expected a model folder with encoder.onnx and decoder.onnx, or an ML.NET model .zip)" },
        { "report {M} --device cuda --out {O}/report", 2, "--device cuda: the loaded ONNX Runtime 1.32.0 has only CPUExecutionProvider" },
        // Latent files
        { "decode {M} {C}/latents/random.bin --out {O}/x.png", 2, "{C}/latents/random.bin: neither a binary latent file" },
        { "decode {M} {C}/latents/nan.csv --out {O}/x.png", 2, "{C}/latents/nan.csv: row 0, column mu_2 = NaN is not finite" },
        { "decode {M} {C}/latents/huge.csv --out {O}/x.png", 2, "{C}/latents/huge.csv: row 1, column mu_1 = 1E+30 is outside ±1e6" },
        { "decode {M} {C}/latents/wrong-size.csv --out {O}/x.png", 2, "{C}/latents/wrong-size.csv: latent size 2, but the model's is 3" },
        { "decode {M} {C}/latents/cell.csv --out {O}/x.png", 2, "{C}/latents/cell.csv: line 2, column 'mu_2': 'zero' is not a number" },
        { "decode {M} {C}/latents/truncated.bin --out {O}/x.png", 2, "{C}/latents/truncated.bin: 56 bytes; a header for 10 rows of d = 3 needs 184" },
        { "decode {M} {C}/latents/negative-count.bin --out {O}/x.png", 2, "{C}/latents/negative-count.bin: the header gives -5 rows; expected a count ≥ 0." },
        { "decode {M} {C}/latents/overflowing-count.bin --out {O}/x.png", 2, "{C}/latents/overflowing-count.bin: 56 bytes; a header for 1152921504606846975 rows of d = 3 needs 18446744073709551624." },
        { "decode {M} {C}/latents/ok.csv --out {O}/x.png --max 0", 2, "--max must be in [1, 10000], got 0" },
        // Outputs and sizes
        { "encode {M} {F} --out {O}/missing/z.csv", 2, "--out '{O}/missing/z.csv': the folder '{O}/missing' does not exist" },
        { "encode {M} {F} --out {O}", 2, "--out '{O}' is a folder; expected a file path" },
        { "encode {M} {F} --out {O}/z.csv --split validation", 2, "--split must be train or test, got 'validation'" },
        { "generate {M} --n 0 --out {O}/x.png", 2, "--n must be in [1, 10000], got 0" },
        { "generate {M} --n 1000000000 --out {O}/x.png", 2, "--n must be in [1, 10000], got 1000000000" },
        { "generate {M} --out {O}/x.png --columns 0", 2, "--columns must be in [1, 100], got 0" },
        // The service refuses before it listens
        { "serve {M} --urls notaurl", 2, "--urls: 'notaurl' is not an address to listen on" },
        { "serve {C}/notes.zip", 2, "{C}/notes.zip: ML.NET cannot load this model file" },
        { "serve {M} --max-batch 0", 2, "--max-batch must be ≥ 1, got 0" },
        { "serve {M} --max-batch 64 --max-images-in-flight 10", 2, "--max-images-in-flight must be ≥ --max-batch (64), got 10" },
        { "serve {M} --body-timeout 0", 2, "--body-timeout must be > 0 and finite, got 0." },
        { "serve {M} --max-queue-delay-us -1", 2, "--max-queue-delay-us must be in [0, 1000000] and --preferred-batch in [1, 256]; got -1 and 64." },
        { "serve {M} --threads 99", 2, "--threads must be in [0, " },
        { "serve {M} --urls http://127.0.0.1:99999", 2, "--urls: 'http://127.0.0.1:99999' is not an address to listen on" },
        { "serve {M} --mlnet-model {C}/nothing.zip", 2, "{C}/nothing.zip: no such ML.NET model file" },
        // An ONNX file changed after it was written is refused before it scores; a model that gives NaN is never written
        { "encode {C}/onnx-damaged {F} --out {O}/z.csv", 2, "{C}/onnx-damaged/encoder.onnx: is damaged: its contents do not match the SHA-256 checksum written with them (vae.sha256)" },
        { "report {C}/run-onnx-damaged --out {O}/report", 2, "{C}/run-onnx-damaged/encoder.onnx: is damaged" },
        { "serve {C}/onnx-damaged", 2, "{C}/onnx-damaged/encoder.onnx: is damaged" },
        { "encode {C}/onnx-nan {F} --out {O}/z.csv", 2, "{C}/onnx-nan/encoder.onnx: gave NaN in 'mu' for row 0 of the batch; the model is damaged or diverged" },
        { "report {C}/run-other-latent --out {O}/report", 2, "{C}/run-other-latent/encoder.onnx gives latent size 3, but {C}/run-other-latent/options.json says 5: the ONNX files are not this run's export." },
        { "report {C}/run-onnx-nan --out {O}/report", 2, "{C}/run-onnx-nan/encoder.onnx: gave NaN in 'mu' for row 0 of the batch" },
        { "serve {C}/onnx-mixed", 2, "{C}/onnx-mixed/encoder.onnx and {C}/onnx-mixed/decoder.onnx come from different exports" },
        // Paths that are not regular files: named, never read or waited on
        { Train + " --data {S}/loop", 2, "{S}/loop: is a symbolic link that leads back to itself (a loop)" },
        { Train + " --data {S}/fifo.csv", 2, "{S}/fifo.csv: is a named pipe, device or socket, not a file; reading it could block forever" },
        { Train + " --data /dev/null", 2, "/dev/null: is a named pipe, device or socket, not a file" },
        { Train + " --data {S}/dir.csv", 2, "{S}/dir.csv: is a directory, not a CSV file, and holds no MNIST-layout IDX files" },
        { Train + " --data {S}/idx-fifo", 2, "{S}/idx-fifo/train-images-idx3-ubyte.gz: is a named pipe, device or socket" },
        { Train + " --data {S}/csv-test-dir/signs_train.csv", 2, "{S}/csv-test-dir/signs_test.csv: is a directory, not the test split's CSV file" },
        { "encode {M} {S}/loop --out {O}/z.csv", 2, "{S}/loop: is a symbolic link that leads back to itself" },
        { "encode {M} {S}/fifo.csv --out {O}/z.csv", 2, "{S}/fifo.csv: is a named pipe, device or socket" },
        { "decode {M} {S}/fifo.csv --out {O}/x.png", 2, "{S}/fifo.csv: is a named pipe, device or socket, not a file" },
        { "decode {M} {S}/dir.csv --out {O}/x.png", 2, "{S}/dir.csv: is a directory; expected a latent file" },
        { "decode {M} {S}/loop --out {O}/x.png", 2, "{S}/loop: is a symbolic link that leads back to itself" },
        // Empty outputs
        { "encode {M} {F} --out {E}", 2, "--out is empty; expected a file path" },
        { "generate {M} --out {E}", 2, "--out is empty; expected a file path" },
        { "decode {M} {C}/latents/ok.csv --out {E}", 2, "--out is empty; expected a file path" },
        { "report {M} --out {E}", 2, "--out is empty; expected a folder for the report" },
        // Run folders edited by hand: the file and field are named, never a command-line flag
        { "train --resume {C}/edited-options", 2, "{C}/edited-options/options.json: field 'latentSize' must be in [1, 4096], got -3 (options.json is written when a run starts; restore the field)." },
        { "train --resume {C}/edited-lr-factor", 2, "{C}/edited-lr-factor/options.json: field 'lrFactor' must be in (0, 1), got 7" },
        { "train --resume {C}/edited-type", 2, "{C}/edited-type/options.json: not valid training options JSON: " },
        { "train --resume {C}/edited-json", 2, "{C}/edited-json/options.json: not valid training options JSON: " },
        { "train --resume {C}/edited-spec", 2, "{C}/edited-spec/model.spec: line 4 is 'latent 4', but options.json's preset 'conv' with latent size 3 for 1×28×28 images builds 'latent 3'" },
        { "export {C}/edited-spec", 2, "{C}/edited-spec/model.spec: line 4 is 'latent 4'" },
        // A run keeps the options its checkpoint recorded: an edit or a flag the resume cannot honour is refused, named
        { "train --resume {C}/edited-beta", 2, "{C}/edited-beta/options.json: differs from the options the run's checkpoint was trained with ('beta' is 5 here but 1 in the checkpoint). A run keeps its options" },
        { "train --resume {C}/edited-loss", 2, "('loss' is \"mse\" here but \"bce\" in the checkpoint)" },
        { "train --resume {C}/edited-duplicate", 2, "{C}/edited-duplicate/options.json: not valid training options JSON: Duplicate property 'beta'" },
        { "train --resume {M} --beta 3 --lr 0.1", 2, "--beta, --lr cannot be given with --resume: a resumed run keeps the options it was trained with (its options.json); only --epochs can change" },
        { "train --resume {M} --data {C}/good", 2, "--data cannot be given with --resume" },
        { "train --resume {M} --epochs 0", 2, "--epochs must be in [1, 100000], got 0" },
        // A run folder or report folder that cannot be written is refused before any work (issue 36, §5)
        { "train --resume {C}/lock-dir", 2, "{C}/lock-dir/train.lock: is a directory; the run writes this file. Remove it, then resume." },
        { "train --resume {C}/log-dir", 2, "{C}/log-dir/train.log: is a directory; the run writes this file." },
        { "report {M} --out /proc/vae-report", 2, "report folder's parent '/proc' is not writable" },
        // Files read back are checked against the checksum written with them
        { "train --resume {C}/damaged-checkpoint", 3, "checkpoint '{C}/damaged-checkpoint/checkpoint.pt' is damaged: its contents do not match the SHA-256 checksum written with them" },
        { "export {C}/damaged-checkpoint", 3, "checkpoint '{C}/damaged-checkpoint/checkpoint.pt' is damaged" },
        { "export {C}/edited-options", 2, "{C}/edited-options/options.json: field 'latentSize' must be in [1, 4096], got -3" },
        { "report {C}/edited-options --out {O}/report", 2, "{C}/edited-options/options.json: field 'latentSize'" },
        { "export {C}/nothing", 2, "{C}/nothing not found: expected a training run folder" },
        { "export {C}/good", 2, "{C}/good/options.json not found" },
        // A model pair from two exports (an export killed between its two files)
        { "encode {C}/onnx-mixed {F} --out {O}/z.csv", 2, "{C}/onnx-mixed/encoder.onnx and {C}/onnx-mixed/decoder.onnx come from different exports (vae.export_id " },
        { "generate {C}/onnx-mixed --out {O}/x.png", 2, "come from different exports" },
        { "decode {C}/onnx-mixed {C}/latents/ok.csv --out {O}/x.png", 2, "come from different exports" },
        // Training options, each refused before any data is read
        { TrainBare + " --epochs -1", 2, "--epochs must be in [1, 100000], or 0 for automatic; got -1" },
        { TrainBare + " --max-test 0", 2, "--max-test must be ≥ 1, got 0" },
        { Train + " --data {C}/good --beta -1", 2, "--beta must be ≥ 0, got -1" },
        { Train + " --data {C}/good --beta inf", 2, "--beta: 'inf' is not a number" },
        { Train + " --data {C}/good --lr 0", 2, "--lr must be > 0, got 0" },
        { Train + " --data {C}/good --lr nan", 2, "--lr: 'nan' is not a number" },
        { Train + " --data {C}/good --latent 2x", 2, "--latent: '2x' is not an integer" },
        { Train + " --data {C}/good --optimizer sgd", 2, "--optimizer must be adam or adamax, got 'sgd'" },
        { Train + " --data {C}/good --loss xyz", 2, "--loss must be bce or mse, got 'xyz'" },
        { Train + " --data {C}/good --kl-warmup -1", 2, "--kl-warmup must be ≥ 0, got -1" },
        { Train + " --data {C}/good --clip-grad-norm -1", 2, "--clip-grad-norm must be ≥ 0, got -1" },
        { Train + " --data {C}/good --free-bits -1", 2, "--free-bits must be ≥ 0, got -1" },
        { Train + " --data {C}/good --lr-factor 2", 2, "--lr-factor must be in (0, 1), got 2" },
        { Train + " --data {C}/good --min-delta -1", 2, "--min-delta must be ≥ 0 and finite, got -1" },
        { Train + " --data {C}/good --early-stopping -1", 2, "--early-stopping must be ≥ 0, got -1" },
        { Train + " --data {C}/good --lr-schedule bogus", 2, "--lr-schedule must be constant or cosine, got 'bogus'" },
        { Train + " --data {C}/good --lr-schedule cosine --lr-patience 2", 2, "--lr-schedule cosine and --lr-patience both set the learning rate: use one of them" },
        { Train + " --data {C}/good --early-stopping 2 --validation-split 0", 2, "--early-stopping and --lr-patience watch the validation loss: --validation-split must be > 0" },
        { Train + " --data {C}/good --device tpu", 2, "Unknown device 'tpu'; expected 'cpu' or 'cuda'." },
        { Train + " --data {C}/good --bogus-flag 1", 2, "Unrecognized command or argument '--bogus-flag'" },
        { "train --preset dense --data {C}/good --out {E}", 2, "--out is empty" },
        // Scoring options
        { "encode {M} {F} --out {O}/z.csv --format xml", 2, "--format must be csv or bin, got 'xml'" },
        { "encode {M} {F} --out {O}/z.csv --batch-size 0", 2, "--batch-size must be in [1, 65536], got 0" },
        { "encode {M} {F} --out {O}/z.csv --batch-size 100000", 2, "--batch-size must be in [1, 65536], got 100000" },
        { "encode {M} {F} --out {O}/z.csv --device tpu", 2, "--device 'tpu' is not known; expected cpu, cuda or cuda:N" },
        { "encode {M} {C}/nothing-here --out {O}/z.csv", 2, "{C}/nothing-here: not found; expected a directory of MNIST-layout IDX files" },
        { "encode {M} {C}/zero --split train --out {O}/z.csv", 2, "{C}/zero: the train split holds 0 images; nothing to encode" },
        { "decode {M} {C}/nothing.csv --out {O}/x.png", 2, "{C}/nothing.csv: latent file not found" },
        { "decode {M} {M}/options.json --out {O}/x.png", 2, "{M}/options.json: header '{…' is not 'label,mu_1..mu_d[,log_var_1..log_var_d]'" },
        { "decode {M} {C}/latents/ok.csv --out {O}/x.png --columns 0", 2, "--columns must be in [1, 100], got 0" },
        { "decode {M} {C}/latents/ok.csv --out {O}/x.png --device tpu", 2, "--device 'tpu' is not known" },
        { "generate {M} --out {O}/x.png --threads -1", 2, "--threads must be in [0, " },
        // Report and experiment options
        { "report {M} --points 0 --out {O}/report", 2, "--points must be in [100, 5000], got 0" },
        { "report {M} --points 100000 --out {O}/report", 2, "--points must be in [100, 5000], got 100000" },
        { "report {M} --classifier-images 0 --out {O}/report", 2, "--classifier-images must be ≥ 10, got 0" },
        { "report {M} --likelihood-images 0 --out {O}/report", 2, "--likelihood-images must be ≥ 1, got 0" },
        { "report {M} --samples 0 --out {O}/report", 2, "--samples must be in [1, 5000], got 0" },
        { "report {C}/nothing --out {O}/report", 2, "{C}/nothing not found: expected a training run folder" },
        { "sweep --beta 1,x --out {O}/s", 2, "--beta must be a comma-separated list of numbers, got '1,x'" },
        { "sweep --beta 1,,2 --out {O}/s", 2, "--beta must be a comma-separated list of numbers, got '1,,2'" },
        { Train + " --data {C}/good --min-delta 1e400", 2, "--min-delta must be ≥ 0 and finite, got " },
        { Train + " --data {C}/good --min-lr 1 --lr 0.002 --lr-schedule cosine", 2, "--min-lr (1) must be ≤ --lr (0.002): it is the floor the rate decays to." },
        { "sweep --latent 0 --out {O}/s", 2, "--latent must be in [1, 4096], got 0" },
        { "sweep --beta -1 --out {O}/s", 2, "--beta must be ≥ 0, got -1" },
        { "sweep --epochs -1 --out {O}/s", 2, "--epochs must be in [1, 100000], or 0 for automatic; got -1" },
        { "sweep --preset nope --out {O}/s", 2, "--preset 'nope' is unknown" },
        { "sweep --samples 0 --out {O}/s", 2, "--samples must be in [1, 5000], got 0" },
        { "sweep --data {S}/loop --out {O}/s", 2, "{S}/loop: is a symbolic link that leads back to itself" },
        { "compare --models ae,bogus --out {O}/c", 2, "--models: unknown model 'bogus'" },
        { "compare --latent 0 --out {O}/c", 2, "--latent must be in [1, 4096], got 0" },
        { "compare --epochs -1 --out {O}/c", 2, "--epochs must be in [1, 100000], or 0 for automatic; got -1" },
        { "compare --conv-epochs -1 --out {O}/c", 2, "--conv-epochs must be in [1, 100000], or 0 for automatic; got -1" },
        { "compare --points 1 --out {O}/c", 2, "--points must be in [100, 5000], got 1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithItsExitCodeAMessageNamingItAndNoFileTouched(string command, int exitCode, string message)
    {
        corpus.WriteModelFolders(run.RunDir);
        string output = TestPaths.NewTempDirectory();
        string Fill(string text) => text.Replace("{C}", corpus.Root).Replace("{S}", corpus.Special).Replace("{M}", run.RunDir)
            .Replace("{O}", output).Replace("{F}", TestPaths.FashionMnist);
        var (corpusBefore, modelBefore) = (Snapshot(corpus.Root), Snapshot(run.RunDir));

        var r = CliRunner.Run(Fill(command).Split(' ').Select(a => a == "{E}" ? "" : a));

        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}; stderr: {r.Stderr}");
        Assert.Contains(Fill(message), r.Stderr);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout); // no stack trace
        Assert.Equal(corpusBefore, Snapshot(corpus.Root));
        Assert.Equal(modelBefore, Snapshot(run.RunDir));
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    // Every file under a folder with its SHA-256, and every folder (an empty one made by mistake counts too).
    private static List<string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order()
            .Select(f => $"{Path.GetRelativePath(root, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            .Concat(Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Order().Select(d => Path.GetRelativePath(root, d) + "/")).ToList();
}

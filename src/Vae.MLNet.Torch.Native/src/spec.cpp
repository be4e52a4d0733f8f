// Spec grammar, one directive per line ('#' starts a comment):
//   variational 0|1
//   latent D
//   head F                                  encoder output width feeding the mu/log_var heads
//   encoder|decoder linear IN OUT
//   encoder|decoder conv2d IN OUT K STRIDE PAD
//   encoder|decoder convt2d IN OUT K STRIDE PAD OUTPAD
//   encoder|decoder maxpool2d K
//   encoder|decoder relu | sigmoid | flatten
//   encoder|decoder leakyrelu SLOPE
//   encoder|decoder unflatten C H W
#include "spec.h"

#include <map>
#include <sstream>

#include "errors.h"

namespace vae {
namespace {

const std::map<std::string, size_t>& arg_counts() {
  static const std::map<std::string, size_t> counts = {
      {"linear", 2}, {"conv2d", 5}, {"convt2d", 6}, {"maxpool2d", 1}, {"relu", 0},
      {"sigmoid", 0}, {"flatten", 0}, {"leakyrelu", 1}, {"unflatten", 3}};
  return counts;
}

std::string where(int line) { return "architecture spec line " + std::to_string(line) + ": "; }

LayerSpec parse_layer(std::istringstream& in, int line) {
  LayerSpec layer;
  layer.line = line;
  require(static_cast<bool>(in >> layer.op), where(line) + "expected a layer name after the section");
  auto it = arg_counts().find(layer.op);
  require(it != arg_counts().end(),
          where(line) + "unknown layer '" + layer.op +
              "' (expected linear, conv2d, convt2d, maxpool2d, relu, sigmoid, leakyrelu, flatten, unflatten)");
  double value;
  while (in >> value) layer.args.push_back(value);
  require(in.eof(), where(line) + "arguments of '" + layer.op + "' must be numbers");
  require(layer.args.size() == it->second,
          where(line) + "'" + layer.op + "' takes " + std::to_string(it->second) + " arguments, got " +
              std::to_string(layer.args.size()));
  return layer;
}

int64_t parse_int(std::istringstream& in, const std::string& key, int line) {
  int64_t value = 0;
  require(static_cast<bool>(in >> value) && value >= 0,
          where(line) + "'" + key + "' needs a non-negative integer");
  return value;
}

}  // namespace

Spec parse_spec(const std::string& text) {
  Spec spec;
  std::istringstream lines(text);
  std::string raw;
  int line = 0;
  while (std::getline(lines, raw)) {
    ++line;
    raw = raw.substr(0, raw.find('#'));
    std::istringstream in(raw);
    std::string key;
    if (!(in >> key)) continue;
    if (key == "variational") spec.variational = parse_int(in, key, line) != 0;
    else if (key == "latent") spec.latent = parse_int(in, key, line);
    else if (key == "head") spec.head_features = parse_int(in, key, line);
    else if (key == "encoder") spec.encoder.push_back(parse_layer(in, line));
    else if (key == "decoder") spec.decoder.push_back(parse_layer(in, line));
    else throw ArgumentError(where(line) + "unknown directive '" + key +
                             "' (expected variational, latent, head, encoder, decoder)");
  }
  require(spec.latent > 0, "architecture spec: 'latent' must be given and positive");
  require(spec.head_features > 0, "architecture spec: 'head' must be given and positive");
  require(!spec.encoder.empty() && !spec.decoder.empty(),
          "architecture spec: needs at least one encoder and one decoder layer");
  return spec;
}

}  // namespace vae

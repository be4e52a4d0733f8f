#include "model.h"

#include "errors.h"

namespace vae {
namespace {

int64_t arg(const LayerSpec& l, size_t i) { return static_cast<int64_t>(l.args.at(i)); }

// Appends one layer; PyTorch names its parameters "<section>.<index>.weight", as here.
void append_layer(torch::nn::Sequential& seq, const LayerSpec& l) {
  namespace nn = torch::nn;
  if (l.op == "linear") {
    seq->push_back(nn::Linear(arg(l, 0), arg(l, 1)));
  } else if (l.op == "conv2d") {
    seq->push_back(nn::Conv2d(
        nn::Conv2dOptions(arg(l, 0), arg(l, 1), arg(l, 2)).stride(arg(l, 3)).padding(arg(l, 4))));
  } else if (l.op == "convt2d") {
    seq->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(arg(l, 0), arg(l, 1), arg(l, 2))
                                           .stride(arg(l, 3))
                                           .padding(arg(l, 4))
                                           .output_padding(arg(l, 5))));
  } else if (l.op == "maxpool2d") {
    seq->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(arg(l, 0))));
  } else if (l.op == "relu") {
    seq->push_back(nn::ReLU());
  } else if (l.op == "sigmoid") {
    seq->push_back(nn::Sigmoid());
  } else if (l.op == "leakyrelu") {
    seq->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(l.args.at(0))));
  } else if (l.op == "flatten") {
    seq->push_back(nn::Flatten());
  } else if (l.op == "unflatten") {
    seq->push_back(nn::Unflatten(nn::UnflattenOptions(1, {arg(l, 0), arg(l, 1), arg(l, 2)})));
  } else {
    throw ArgumentError("architecture spec line " + std::to_string(l.line) + ": unknown layer " + l.op);
  }
}

torch::nn::Sequential build(const std::vector<LayerSpec>& layers) {
  torch::nn::Sequential seq;
  for (const auto& l : layers) append_layer(seq, l);
  return seq;
}

}  // namespace

VaeNetImpl::VaeNetImpl(const Spec& spec) : spec_(spec) {
  encoder_ = register_module("encoder", build(spec.encoder));
  mu_ = register_module("mu", torch::nn::Linear(spec.head_features, spec.latent));
  if (spec.variational) {
    log_var_ = register_module("log_var", torch::nn::Linear(spec.head_features, spec.latent));
  }
  decoder_ = register_module("decoder", build(spec.decoder));
}

Encoded VaeNetImpl::encode(const torch::Tensor& images) {
  auto features = encoder_->forward(images);
  TORCH_CHECK(features.dim() == 2 && features.size(1) == spec_.head_features,
              "encoder output has shape ", features.sizes(), ", expected [n, ", spec_.head_features,
              "] (check the 'head' line of the architecture spec)");
  Encoded enc;
  enc.mu = mu_->forward(features);
  if (spec_.variational) enc.log_var = log_var_->forward(features);
  return enc;
}

torch::Tensor VaeNetImpl::decode_logits(const torch::Tensor& z) {
  auto logits = decoder_->forward(z);
  TORCH_CHECK(logits.dim() == 4 && logits.size(1) == 1 && logits.size(2) == 28 && logits.size(3) == 28,
              "decoder output has shape ", logits.sizes(), ", expected [n, 1, 28, 28]");
  return logits;
}

torch::Tensor VaeNetImpl::reparameterize(const Encoded& enc, const torch::Tensor& eps) const {
  if (!spec_.variational) return enc.mu;
  return enc.mu + torch::exp(0.5 * enc.log_var) * eps;
}

LossTerms loss_terms(const torch::Tensor& images, const torch::Tensor& logits, const Encoded& enc,
                     int32_t loss_kind) {
  namespace F = torch::nn::functional;
  torch::Tensor per_pixel;
  if (loss_kind == VAE_LOSS_BCE) {
    per_pixel = F::binary_cross_entropy_with_logits(
        logits, images, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
  } else if (loss_kind == VAE_LOSS_MSE) {
    per_pixel = (torch::sigmoid(logits) - images).square();
  } else {
    throw ArgumentError("loss_kind must be 0 (BCE) or 1 (MSE), got " + std::to_string(loss_kind));
  }
  LossTerms terms;
  terms.reconstruction = per_pixel.flatten(1).sum(1);
  if (enc.log_var.defined()) {
    terms.kl = -0.5 * (1 + enc.log_var - enc.mu.square() - enc.log_var.exp()).sum(1);
  } else {
    terms.kl = torch::zeros_like(terms.reconstruction);
  }
  return terms;
}

}  // namespace vae

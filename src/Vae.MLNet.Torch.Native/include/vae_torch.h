/*
 * vae_torch: C ABI of the Vae.MLNet training engine (libtorch 1.13).
 *
 * Conventions
 *  - Every function returns a VaeStatus: 0 on success, non-zero on failure. On failure the
 *    message is kept per thread; read it with vae_last_error() before the next call on that thread.
 *  - No C++ exception crosses this boundary.
 *  - Images are float32 NCHW [n, 1, 28, 28] in [0, 1], contiguous; latent vectors float32 [n, d].
 *    Buffers belong to the caller and are only read/written during the call.
 *  - Loss figures are in nats per image (sums over pixels and latent dimensions).
 */
#ifndef VAE_TORCH_H
#define VAE_TORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VAE_API __attribute__((visibility("default")))

typedef int32_t VaeStatus;
enum {
  VAE_OK = 0,
  VAE_ERR_ARGUMENT = 1,   /* a bad argument: null pointer, size mismatch, malformed spec */
  VAE_ERR_DEVICE = 2,     /* the requested device is not available in this build */
  VAE_ERR_IO = 3,         /* a checkpoint could not be read or written */
  VAE_ERR_TORCH = 4,      /* libtorch raised an error (c10::Error) */
  VAE_ERR_UNKNOWN = 5     /* any other exception */
};

/* Reconstruction loss kinds. */
enum { VAE_LOSS_BCE = 0, VAE_LOSS_MSE = 1 };

/* Loss terms of a batch, in nats per image: total = reconstruction + beta * kl. */
typedef struct VaeLoss {
  double total;
  double reconstruction;
  double kl;
} VaeLoss;

typedef struct VaeModel VaeModel;

/* Copies the calling thread's last error message (NUL-terminated, truncated to cap) into buf.
 * Returns the full message length in bytes, excluding the NUL. */
VAE_API int64_t vae_last_error(char* buf, int64_t cap);

/* Process set-up for training: sets libtorch's intra-op threads (n <= 0: all cores), runs OpenBLAS
 * single-threaded so its pool and libtorch's do not oversubscribe the cores, and keeps freed large
 * buffers in glibc's heap instead of returning them to the kernel every step (mallopt). */
VAE_API VaeStatus vae_set_num_threads(int32_t n);
VAE_API VaeStatus vae_get_num_threads(int32_t* out);
/* 1 when this libtorch build has CUDA and a device is visible. */
VAE_API VaeStatus vae_cuda_available(int32_t* out);
/* Builds a model from an architecture spec (text, one layer per line; see spec.cpp) on
 * device "cpu" or "cuda", its parameters initialized as PyTorch does from `seed`, and its own
 * noise generator (for the reparameterization's eps) seeded with `seed`. Models never share random
 * state, so concurrent models stay deterministic. Free with vae_model_free. */
VAE_API VaeStatus vae_model_create(const char* spec, const char* device, uint64_t seed, VaeModel** out);
/* Re-seeds the model's noise generator (as torch.manual_seed does for PyTorch's default one). */
VAE_API VaeStatus vae_model_seed(VaeModel* model, uint64_t seed);
VAE_API void vae_model_free(VaeModel* model);

/* Chooses the optimizer: kind "adam" or "adamax", learning rate lr. Resets optimizer state. */
VAE_API VaeStatus vae_model_set_optimizer(VaeModel* model, const char* kind, double lr);
VAE_API VaeStatus vae_model_set_learning_rate(VaeModel* model, double lr);

/* One optimizer step on a batch x [n,1,28,28]; loss = mean over the batch of
 * reconstruction + beta * KL. Writes the batch's mean loss terms to out. */
VAE_API VaeStatus vae_model_train_step(VaeModel* model, const float* x, int64_t n, double beta,
                                       int32_t loss_kind, VaeLoss* out);
/* Loss terms of a batch without gradients, one z sample per image; out holds SUMS over the
 * batch (so callers can average over a whole dataset exactly). */
VAE_API VaeStatus vae_model_evaluate(VaeModel* model, const float* x, int64_t n, double beta,
                                     int32_t loss_kind, VaeLoss* out_sums);
/* Importance-weighted bound on -log p(x) (Burda et al. 2015, eq. 8) with k samples per image:
 * -log (1/k) sum_j p(x|z_j) p(z_j) / q(z_j|x), z_j ~ q(z|x), p(z) = N(0, I), p(x|z) Bernoulli
 * (BCE; loss_kind must be VAE_LOSS_BCE) and a VAE's Gaussian q. Writes the SUM over the batch of
 * the per-image bounds (nats) to out_sum. k = 1 gives a one-sample estimate of the negative ELBO. */
VAE_API VaeStatus vae_model_iwae(VaeModel* model, const float* x, int64_t n, int32_t k, int32_t loss_kind,
                                 double* out_sum);
/* Forward pass with caller-given noise eps [n, d] (ignored by an AE; may be null then):
 * z = mu + exp(0.5 * log_var) * eps. Writes mu, log_var [n, d] (log_var may be null), decoder
 * logits [n,1,28,28] and the batch's mean loss terms. For parity tests against a reference. */
VAE_API VaeStatus vae_model_forward(VaeModel* model, const float* x, const float* eps, int64_t n,
                                    double beta, int32_t loss_kind, float* mu, float* log_var,
                                    float* logits, VaeLoss* out);
/* Encoder: mu and log_var [n, d]; log_var may be null (an AE has none: it is written as zeros). */
VAE_API VaeStatus vae_model_encode(VaeModel* model, const float* x, int64_t n, float* mu,
                                   float* log_var);
/* Decoder: z [n, d] -> images [n,1,28,28] in [0, 1] (sigmoid of the logits). */
VAE_API VaeStatus vae_model_decode(VaeModel* model, const float* z, int64_t n, float* images);

/* Named parameters, in registration order (names as PyTorch's named_parameters()). */
VAE_API VaeStatus vae_model_param_count(VaeModel* model, int64_t* out);
/* name: NUL-terminated into a buffer of name_cap bytes; shape: up to 8 dims. */
VAE_API VaeStatus vae_model_param_info(VaeModel* model, int64_t index, char* name, int64_t name_cap,
                                       int64_t* shape, int32_t* ndim);
VAE_API VaeStatus vae_model_param_get(VaeModel* model, int64_t index, float* dst, int64_t count);
VAE_API VaeStatus vae_model_param_set(VaeModel* model, int64_t index, const float* src,
                                      int64_t count);

/* Clips the global L2 norm of all gradients to max_norm before each optimizer step
 * (torch.nn.utils.clip_grad_norm_); max_norm <= 0 turns clipping off (the default). */
VAE_API VaeStatus vae_model_set_grad_clip(VaeModel* model, double max_norm);

/* Checkpoint: parameters, optimizer state, the state of the model's noise generator (so
 * reparameterization noise continues exactly after a resume), and an opaque caller string
 * (the trainer's own state, e.g. JSON). libtorch archive format. The caller makes the write atomic
 * (write to a temporary path, then rename). */
VAE_API VaeStatus vae_model_save(VaeModel* model, const char* path, const char* caller_state);
/* Restores what vae_model_save wrote. If caller_state is not null, copies the saved caller string
 * (NUL-terminated, truncated to cap) into it; *caller_state_length (if not null) receives its full
 * length. The generator state is restored too. */
VAE_API VaeStatus vae_model_load(VaeModel* model, const char* path, char* caller_state, int64_t cap,
                                 int64_t* caller_state_length);

#ifdef __cplusplus
}
#endif
#endif /* VAE_TORCH_H */

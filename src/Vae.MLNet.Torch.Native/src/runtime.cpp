// Process-wide settings: thread counts, seeding, device availability.
#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <malloc.h>
#include <torch/cuda.h>

#include <thread>

#include "errors.h"

namespace {
// OpenBLAS keeps a thread pool of its own; with libtorch's OpenMP pool on top, the two fight over
// the cores (3x slower training measured, see shared BASELINES). Each libtorch thread that calls
// into BLAS should run it single-threaded. Looked up at run time so the shim also works when
// libtorch is linked to another BLAS.
void pin_openblas_to_one_thread() {
  using SetThreads = void (*)(int);
  if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    fn(1);
  }
}
// Training frees and re-allocates the same large activation and gradient buffers every step. With
// glibc's defaults, buffers above the (dynamic) mmap threshold are returned to the kernel on free and
// page-faulted back in on the next step; measured here that cost ~10% of a dense-model step. Keep
// freed memory in the heap instead (the trainer's working set is stable from step to step).
void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}
}  // namespace

extern "C" VaeStatus vae_set_num_threads(int32_t n) {
  VAE_GUARD({
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    const int threads = n > 0 ? n : (cores > 0 ? cores : 1);
    pin_openblas_to_one_thread();
    keep_freed_memory();
    at::set_num_threads(threads);
  });
}

extern "C" VaeStatus vae_get_num_threads(int32_t* out) {
  VAE_GUARD({
    vae::require(out != nullptr, "out must not be null");
    *out = at::get_num_threads();
  });
}

extern "C" VaeStatus vae_cuda_available(int32_t* out) {
  VAE_GUARD({
    vae::require(out != nullptr, "out must not be null");
    *out = torch::cuda::is_available() ? 1 : 0;
  });
}

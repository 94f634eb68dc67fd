// Graph lifetime: a training loop that builds a new graph every step must run
// in constant memory. Heap allocations are counted by replacing the global
// operator new/delete (so this file is an executable of its own), and the
// resident set size is read from /proc as a second, independent witness.
// Armadillo takes the storage of its matrices from posix_memalign, which
// this file replaces too, to see the largest block a computation asks for.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "adtrain/ad.hpp"

namespace {
std::atomic<long long> live_allocations{0};
// The largest block asked for since the last reset, by either path.
std::atomic<std::size_t> largest_block{0};

void note_block(std::size_t size) {
  std::size_t seen = largest_block.load(std::memory_order_relaxed);
  while (size > seen && !largest_block.compare_exchange_weak(seen, size)) {
  }
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    live_allocations.fetch_add(1, std::memory_order_relaxed);
    note_block(size);
    return p;
  }
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  live_allocations.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  operator delete(p);
}

// AddressSanitizer has its own posix_memalign, whose blocks its free expects.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool matrix_blocks_are_watched = false;
#else
constexpr bool matrix_blocks_are_watched = true;
// glibc's own allocator under its internal name; free() releases its blocks.
extern "C" void* __libc_memalign(std::size_t alignment, std::size_t size);
extern "C" int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  note_block(size);
  *out = p;
  return 0;
}
#endif

namespace ad {
namespace {

// AddressSanitizer keeps freed blocks in a quarantine (256 MB by default), so
// the resident size grows under it whatever the program does; the allocation
// count stays exact either way.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool rss_is_meaningful = false;
#else
constexpr bool rss_is_meaningful = true;
#endif

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

// One per-sample gradient step of the seed's logistic regression.
void training_step(Tensor& w, const Tensor& x, const Tensor& y) {
  const Tensor loss = binary_cross_entropy_with_logits(matmul(x, w), y);
  loss.backward();
  NoGradGuard no_grad;
  w.data() -= 0.01 * w.grad();
  w.zero_grad();
}

TEST(GraphMemory, HundredThousandTrainingStepsRunInConstantMemory) {
  Tensor w = variable(arma::mat(3, 1, arma::fill::ones));
  const Tensor x0 = constant(arma::mat{1.0, 0.2, 0.9});
  const Tensor x1 = constant(arma::mat{1.0, 0.1, 0.3});
  const Tensor positive = constant(1.0), negative = constant(0.0);

  for (int step = 0; step < 1000; ++step)
    training_step(w, step % 2 ? x1 : x0, step % 2 ? negative : positive);
  const long long allocations_after_warmup = live_allocations.load();
  const long rss_after_warmup = resident_kib();

  for (int step = 0; step < 100'000; ++step)
    training_step(w, step % 2 ? x1 : x0, step % 2 ? negative : positive);

  EXPECT_EQ(live_allocations.load(), allocations_after_warmup);
  // A leak of even one node per step would be ~100,000 x 200 bytes = 20 MB.
  if (rss_is_meaningful) {
    EXPECT_LT(resident_kib() - rss_after_warmup, 2048)
        << "RSS grew from " << rss_after_warmup << " KiB";
  }
  EXPECT_TRUE(w.value().is_finite());
}

// After backward() the intermediates are freed even while the caller still
// holds the output: observed through weak references to their nodes.
TEST(GraphMemory, BackwardReleasesIntermediatesWhileTheOutputIsHeld) {
  const Tensor x = variable(arma::mat{0.5, 1.5});
  std::vector<std::weak_ptr<detail::Node>> intermediates;
  auto watch = [&](const Tensor& t) {
    intermediates.emplace_back(t.node());
    return t;
  };
  const Tensor loss = sum(watch(exp(watch(x * 2.0)) + watch(watch(sin(x)) * x)));
  for (const auto& node : intermediates) ASSERT_FALSE(node.expired());
  loss.backward();
  for (const auto& node : intermediates) EXPECT_TRUE(node.expired());
  EXPECT_DOUBLE_EQ(loss.item(),
                   arma::accu(arma::exp(x.value() * 2.0) + arma::sin(x.value()) % x.value()));
}

TEST(GraphMemory, RetainGraphKeepsIntermediatesUntilTheOutputGoes) {
  const Tensor x = variable(arma::mat{0.5, 1.5});
  std::weak_ptr<detail::Node> intermediate;
  {
    const Tensor product = x * 2.0;
    intermediate = product.node();
    const Tensor loss = sum(exp(product));
    loss.backward({.retain_graph = true});
    EXPECT_FALSE(intermediate.expired());
  }
  EXPECT_TRUE(intermediate.expired());
}

// Newton-CG's products H v = d<g, v>/dw with g = dL/dw built once with
// create_graph, for L = BCE(X w, y): each one reads X, but neither it nor
// building g may copy X (as a transpose of it would) or allocate anything of
// its size; vectors of n elements are all they need.
TEST(GraphMemory, HessianVectorProductsAllocateNothingTheSizeOfTheDesignMatrix) {
  if (!matrix_blocks_are_watched) GTEST_SKIP() << "AddressSanitizer allocates the matrices";
  const arma::uword n = 200'000, d = 3;
  arma::mat X(n, d);
  arma::vec y(n);
  for (arma::uword i = 0; i < n; ++i) {
    X(i, 0) = 1.0;
    X(i, 1) = std::sin(0.001 * static_cast<double>(i));
    X(i, 2) = std::cos(0.0007 * static_cast<double>(i));
    y(i) = (i * 7919) % 3 == 0 ? 1.0 : 0.0;
  }
  const std::size_t x_bytes = X.n_elem * sizeof(double);
  const std::size_t vector_bytes = n * sizeof(double);
  const Tensor Xt = borrowed_constant(X);

  // The witness sees Armadillo's blocks: a transpose of X is one.
  largest_block = 0;
  const Tensor transposed = transpose(Xt);
  EXPECT_GE(largest_block.load(), x_bytes);

  for (Reduction reduction : {Reduction::sum, Reduction::mean}) {
    const Tensor w = variable(arma::vec{0.2, -0.5, 0.8});
    largest_block = 0;
    const Tensor loss =
        binary_cross_entropy_with_logits(matmul(Xt, w), borrowed_constant(y), reduction);
    const Tensor g = grad(loss, {w}, {.create_graph = true})[0];
    EXPECT_LE(largest_block.load(), vector_bytes) << "building g";
    for (int step = 0; step < 5; ++step) {
      const arma::vec v{1.0, -0.5, 0.25 * step};
      largest_block = 0;
      const Tensor hv = grad(dot(g, constant(v)), {w}, {.retain_graph = true})[0];
      EXPECT_LE(largest_block.load(), vector_bytes) << "H v, step " << step;
      EXPECT_TRUE(hv.value().is_finite());
    }
  }
}

}  // namespace
}  // namespace ad

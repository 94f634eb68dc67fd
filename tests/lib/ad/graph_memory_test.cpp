// Graph lifetime: a training loop that builds a new graph every step must run
// in constant memory. Heap allocations are counted by replacing the global
// operator new/delete (so this file is an executable of its own), and the
// resident set size is read from /proc as a second, independent witness.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "adtrain/ad.hpp"

namespace {
std::atomic<long long> live_allocations{0};
}

void* operator new(std::size_t size) {
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    live_allocations.fetch_add(1, std::memory_order_relaxed);
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

}  // namespace
}  // namespace ad

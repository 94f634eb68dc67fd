// A small, portable pseudo-random generator: the same seed gives the same
// numbers on every platform and standard library (std::uniform_real_distribution
// does not promise that).
#pragma once

#include <cstdint>
#include <vector>

namespace adtrain::ml {

// xoshiro256** seeded through SplitMix64. `stream` selects an independent
// sequence for the same seed, so data, initial weights and shuffling can each
// have their own without one consuming numbers from another.
class Random {
 public:
  explicit Random(std::uint64_t seed, std::uint64_t stream = 0);

  std::uint64_t next();
  // Uniform on [0, 1) with 53 random bits.
  double uniform();
  // Uniform on [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer on [0, bound), without modulo bias; bound > 0.
  std::uint64_t below(std::uint64_t bound);
  // Fisher-Yates shuffle.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_[4];
};

// Stream numbers used by adtrain, one per purpose.
namespace streams {
inline constexpr std::uint64_t data = 0;
inline constexpr std::uint64_t initialization = 1;
inline constexpr std::uint64_t shuffling = 2;
inline constexpr std::uint64_t validation_split = 3;
}  // namespace streams

}  // namespace adtrain::ml

// A small, portable pseudo-random generator: the same seed gives the same
// numbers on every platform and standard library (std::uniform_real_distribution
// does not promise that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

// A shuffle buffer, as tf.data's Dataset.shuffle keeps one: items arrive in
// order; while fewer than `capacity` are held, each is kept; once the buffer
// is full, each arrival sends out one held item chosen uniformly at random
// and takes its place; after the last arrival the rest leave one at a time,
// each chosen uniformly among those left. The caller keeps the items in its
// own slots 0..capacity-1 and this class says which slot, so that row
// numbers in memory and rows read from a file go through the very same
// draws: the same seed gives the same order from both. With a capacity of
// at least the item count it is a uniform shuffle of all of them.
class ShuffleBuffer {
 public:
  // capacity > 0; `random` must outlive the buffer, and its state carries
  // from one pass to the next.
  ShuffleBuffer(std::size_t capacity, Random& random);

  struct Arrival {
    std::size_t slot;  // where the new item goes
    bool emit_first;   // the item in that slot leaves first (the buffer was full)
  };
  Arrival arrive();

  struct Departure {
    std::size_t emit;  // the slot whose item leaves now
    std::size_t last;  // then the item in this slot moves into `emit` (unless equal)
  };
  // After the last arrival; nullopt once the buffer is empty, which leaves it
  // ready for the next pass.
  std::optional<Departure> depart();

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::size_t size_ = 0;
  Random* random_;
};

// The order in which rows 0..rows-1 leave a ShuffleBuffer of `capacity`
// (0: all rows) fed in that order.
std::vector<std::size_t> shuffled_order(std::size_t rows, std::size_t capacity, Random& random);

// Stream numbers used by adtrain, one per purpose.
namespace streams {
inline constexpr std::uint64_t data = 0;
inline constexpr std::uint64_t initialization = 1;
inline constexpr std::uint64_t shuffling = 2;
inline constexpr std::uint64_t validation_split = 3;
}  // namespace streams

}  // namespace adtrain::ml

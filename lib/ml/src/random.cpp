#include "adtrain/ml.hpp"

#include <algorithm>
#include <stdexcept>

namespace adtrain::ml {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

Random::Random(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
  for (auto& word : state_) word = splitmix64(x);
}

std::uint64_t Random::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double Random::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

std::uint64_t Random::below(std::uint64_t bound) {
  // Reject the few values that would make some results more likely.
  const std::uint64_t threshold = (0 - bound) % bound;
  while (true) {
    const std::uint64_t x = next();
    if (x >= threshold) return x % bound;
  }
}

ShuffleBuffer::ShuffleBuffer(std::size_t capacity, Random& random)
    : capacity_(capacity), random_(&random) {
  if (capacity == 0) throw std::invalid_argument("a shuffle buffer needs room for one item");
}

ShuffleBuffer::Arrival ShuffleBuffer::arrive() {
  if (size_ < capacity_) return {size_++, false};
  return {static_cast<std::size_t>(random_->below(capacity_)), true};
}

std::optional<ShuffleBuffer::Departure> ShuffleBuffer::depart() {
  if (size_ == 0) return std::nullopt;
  const auto emit = static_cast<std::size_t>(random_->below(size_));
  --size_;
  return Departure{emit, size_};
}

std::vector<std::size_t> shuffled_order(std::size_t rows, std::size_t capacity, Random& random) {
  std::vector<std::size_t> order;
  if (rows == 0) return order;
  order.reserve(rows);
  ShuffleBuffer buffer(capacity == 0 ? rows : std::min(capacity, rows), random);
  std::vector<std::size_t> slots(buffer.capacity());
  for (std::size_t row = 0; row < rows; ++row) {
    const ShuffleBuffer::Arrival arrival = buffer.arrive();
    if (arrival.emit_first) order.push_back(slots[arrival.slot]);
    slots[arrival.slot] = row;
  }
  while (const auto departure = buffer.depart()) {
    order.push_back(slots[departure->emit]);
    slots[departure->emit] = slots[departure->last];
  }
  return order;
}

}  // namespace adtrain::ml

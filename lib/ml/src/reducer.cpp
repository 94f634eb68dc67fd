#include "adtrain/ml.hpp"

namespace adtrain::ml {

arma::vec add_in_order(const Reducer& reducer, const std::vector<arma::vec>& mine,
                       arma::uword width) {
  std::vector<arma::vec> gathered;
  if (reducer.processes() > 1) {
    std::vector<double> packed;
    packed.reserve(mine.size() * width);
    for (const arma::vec& v : mine) packed.insert(packed.end(), v.begin(), v.end());
    const std::vector<double> all = reducer.all_gather(packed);
    for (std::size_t at = 0; at + width <= all.size(); at += width) {
      gathered.emplace_back(all.data() + at, width);
    }
  }
  const std::vector<arma::vec>& parts = reducer.processes() > 1 ? gathered : mine;
  if (parts.empty()) return arma::vec(width, arma::fill::zeros);
  arma::vec total = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) total += parts[i];
  return total;
}

}  // namespace adtrain::ml

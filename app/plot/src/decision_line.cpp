#include "adtrain/plot/decision_line.hpp"

namespace adtrain::plot {

Line boundary_in_plane(const ml::AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at) {
  Line line{logit.coefficients.at(x_feature), logit.coefficients.at(y_feature), logit.intercept};
  for (std::size_t j = 0; j < logit.coefficients.size(); ++j) {
    if (j != x_feature && j != y_feature) line.c += logit.coefficients[j] * held_at.at(j);
  }
  return line;
}

}  // namespace adtrain::plot

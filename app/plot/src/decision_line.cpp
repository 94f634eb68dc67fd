#include "adtrain/plot/decision_line.hpp"

namespace adtrain::plot {

std::vector<std::string> PictureModel::data_feature_names() const {
  std::vector<std::string> names;
  for (arma::uword i = 0; i < feature_names.size(); ++i) {
    if (!bias_index || i != *bias_index) names.push_back(feature_names[i]);
  }
  return names;
}

AffineLogit logit_in_original_units(const PictureModel& model) {
  AffineLogit logit;
  for (arma::uword i = 0; i < model.weights.n_elem; ++i) {
    if (model.bias_index && i == *model.bias_index) {
      logit.intercept += model.weights(i);
    } else {
      logit.coefficients.push_back(model.weights(i));
    }
  }
  if (model.standardization) {
    // w (x - m) / s = (w / s) x - w m / s
    for (std::size_t j = 0; j < logit.coefficients.size(); ++j) {
      const double scaled = logit.coefficients[j] / model.standardization->std(j);
      logit.intercept -= scaled * model.standardization->mean(j);
      logit.coefficients[j] = scaled;
    }
  }
  return logit;
}

Line boundary_in_plane(const AffineLogit& logit, std::size_t x_feature, std::size_t y_feature,
                       const std::vector<double>& held_at) {
  Line line{logit.coefficients.at(x_feature), logit.coefficients.at(y_feature), logit.intercept};
  for (std::size_t j = 0; j < logit.coefficients.size(); ++j) {
    if (j != x_feature && j != y_feature) line.c += logit.coefficients[j] * held_at.at(j);
  }
  return line;
}

}  // namespace adtrain::plot

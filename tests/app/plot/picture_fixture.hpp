// A whole picture from plain inputs, for the tests of the panels and of the
// picture: points, a model over x1 and x2, a training history, and the
// request that draws them.
#pragma once

#include <gtest/gtest.h>

#include <armadillo>
#include <string>
#include <utility>
#include <vector>

#include "adtrain/plot.hpp"

namespace adtrain::plot::picture_fixture {

// The points of `features` with their labels, under `names`.
inline ml::Dataset points(const arma::mat& features, const arma::vec& labels,
                          std::vector<std::string> names = {"x1", "x2"}) {
  ml::Dataset data;
  data.features = features;
  data.labels = labels;
  data.feature_names = std::move(names);
  return data;
}

// A model over x1, x2 with the bias first: logit = w0 + w1 x1 + w2 x2.
inline ml::LogisticModel model(double w0, double w1, double w2) {
  ml::LogisticModel m;
  m.feature_names = {"x1", "x2"};
  m.weights = {w1, w2};
  m.bias = w0;
  return m;
}

// One epoch per loss, with accuracies rising from 0.5.
inline std::vector<ml::EpochRecord> epochs(const std::vector<double>& losses) {
  std::vector<ml::EpochRecord> records;
  for (std::size_t i = 0; i < losses.size(); ++i) {
    ml::EpochRecord r;
    r.epoch = i + 1;
    r.loss = losses[i];
    r.accuracy = 0.5 + 0.4 * static_cast<double>(i) / static_cast<double>(losses.size());
    records.push_back(r);
  }
  return records;
}

// The picture of `d` and `m` with a three-epoch history, the scatter panel
// holding the other features at 0; tests change `request` before draw().
struct Fixture {
  ml::Dataset data;
  std::vector<ml::EpochRecord> history = epochs({0.69, 0.5, 0.4});
  PictureRequest request;

  Fixture(const ml::Dataset& d, const ml::LogisticModel& m) : data(d) {
    request.title = picture_title("generated");
    request.model = m;
    ScatterRequest scatter;
    scatter.points = scatter_points(data, scatter.plane);
    scatter.feature_names = data.feature_names;
    scatter.held_at = std::vector<double>(data.feature_names.size(), 0.0);
    scatter.held_at_description = "their training mean";
    scatter.description = "Training data";
    scatter.metrics.total = data.rows();
    request.scatter = scatter;
    request.epochs = history;
  }
  std::string draw() const {
    const std::string svg = draw_picture(request);
    // Nothing unplaceable may reach an attribute.
    EXPECT_EQ(svg.find("nan"), std::string::npos);
    EXPECT_EQ(svg.find("inf\""), std::string::npos);
    return svg;
  }
};

inline const arma::mat ten_points = {{0.1, 0.2}, {0.3, 0.1}, {0.2, 0.4}, {0.05, 0.3}, {0.4, 0.2},
                                     {0.9, 0.8}, {0.7, 0.9}, {0.8, 0.6}, {0.6, 0.7},  {0.95, 0.5}};
inline const arma::vec ten_labels = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};

}  // namespace adtrain::plot::picture_fixture

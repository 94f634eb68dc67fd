// Data files the end-to-end tests write, shared by the test executables.
#pragma once

#include <string>

namespace adtrain::testing {

// CSV text of `rows` rows a, b, c, y: features of very different scales and
// a label from all three, so that standardization matters and a feature is
// left out of a picture's plane.
std::string three_feature_csv(int rows);

}  // namespace adtrain::testing

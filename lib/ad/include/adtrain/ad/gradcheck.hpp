// Checking analytic gradients against central finite differences.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "adtrain/ad/tensor.hpp"

namespace ad {

struct GradcheckOptions {
  double step = 1e-6;  // finite-difference step h
  double absolute_tolerance = 1e-6;
  double relative_tolerance = 1e-5;
};

struct GradcheckResult {
  bool passed = true;
  double max_abs_error = 0.0;
  // Where the worst element is and what both methods gave, for the message
  // of a failing test.
  std::string detail;
  explicit operator bool() const { return passed; }
};

using TensorFunction = std::function<Tensor(const std::vector<Tensor>&)>;

// Compares grad() of f against (f(x + h) - f(x - h)) / 2h for every element of
// every input. A non-scalar output is first reduced to sum(f(x) * R) with fixed
// weights R, so that each output element is checked with its own weight.
// The inputs' values are the point of evaluation; the tensors are not modified.
// An element passes when |analytic - numeric| <= atol + rtol * |numeric|.
GradcheckResult gradcheck(const TensorFunction& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options = {});

}  // namespace ad

// The worked example of the seed article: y = ln(x1) + x1 x2 - sin(x2) at
// (2, 5), with its reverse-mode gradient and the closed form beside it.
#include <fmt/core.h>

#include <cmath>

#include "adtrain/ad.hpp"

int main() {
  const ad::Tensor x1 = ad::variable(2.0);
  const ad::Tensor x2 = ad::variable(5.0);
  const ad::Tensor y = ad::log(x1) + x1 * x2 - ad::sin(x2);
  y.backward();
  fmt::print("y = ln(x1) + x1*x2 - sin(x2) at x1 = 2, x2 = 5\n");
  fmt::print("  y      = {:.6f}\n", y.item());
  fmt::print("  dy/dx1 = {:.6f}   (closed form 1/x1 + x2  = {:.6f})\n", x1.grad()(0),
             1.0 / 2.0 + 5.0);
  fmt::print("  dy/dx2 = {:.6f}   (closed form x1 - cos(x2) = {:.6f})\n", x2.grad()(0),
             2.0 - std::cos(5.0));
  return 0;
}

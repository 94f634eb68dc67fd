// Differentiates f(x1, x2) = ln x1 + x1 x2 - sin x2 at (2, 5) with the
// installed autodiff library, by backward() and by ad::grad, and calls one
// function each of the installed ml and data libraries so that all three
// link. Exits 1 when anything is off.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "adtrain/ad.hpp"
#include "adtrain/data.hpp"
#include "adtrain/ml.hpp"

namespace {

bool failed = false;

void expect_near(const char* what, double actual, double expected) {
  // 1e-15 absolute: the values are 2 to 12, so this allows a few ulps of
  // rounding in the library's evaluation order and nothing more.
  const bool ok = std::abs(actual - expected) <= 1e-15;
  std::printf("%-24s %.17g (expected %.17g)%s\n", what, actual, expected, ok ? "" : "  WRONG");
  failed = failed || !ok;
}

}  // namespace

int main() {
  ad::Tensor x1 = ad::variable(2.0);
  ad::Tensor x2 = ad::variable(5.0);
  ad::Tensor f = ad::log(x1) + x1 * x2 - ad::sin(x2);

  const std::vector<ad::Tensor> g = ad::grad(f, {x1, x2}, {.retain_graph = true});
  f.backward();

  const double f_expected = std::log(2.0) + 10.0 - std::sin(5.0);
  const double d1_expected = 1.0 / 2.0 + 5.0;
  const double d2_expected = 2.0 - std::cos(5.0);
  expect_near("f(2, 5)", f.item(), f_expected);
  expect_near("df/dx1 by backward()", x1.grad()(0, 0), d1_expected);
  expect_near("df/dx2 by backward()", x2.grad()(0, 0), d2_expected);
  expect_near("df/dx1 by ad::grad", g[0].item(), d1_expected);
  expect_near("df/dx2 by ad::grad", g[1].item(), d2_expected);

  const adtrain::ml::Dataset data = adtrain::ml::generate_seed_data(10, 0);
  const bool ml_ok = data.rows() == 10 && data.features.n_cols == 2;
  const bool data_ok = adtrain::data::delimiter_from_string(",") == adtrain::data::Delimiter::comma;
  std::printf("ml::generate_seed_data  %s\ndata::delimiter_from_string  %s\n",
              ml_ok ? "ok" : "WRONG", data_ok ? "ok" : "WRONG");
  failed = failed || !ml_ok || !data_ok;

  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

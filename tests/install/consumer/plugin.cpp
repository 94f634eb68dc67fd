// A shared library that uses the installed libraries: it links only if they
// are position-independent code, as a plugin or a Python extension needs.
#include "adtrain/ad.hpp"
#include "adtrain/ml.hpp"

double adtrain_consumer_plugin_square_gradient(double x) {
  using namespace adtrain;
  const ad::Tensor v = ad::variable(x);
  ad::Tensor y = v * v;
  y.backward();
  // Touch lib/ml too, so that its archive members are linked in.
  return v.grad()(0, 0) + static_cast<double>(ml::generate_seed_data(1, 0).rows()) - 1.0;
}

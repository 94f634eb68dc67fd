#include "support/tables.hpp"

#include <cmath>
#include <sstream>

namespace adtrain::testing {

std::string three_feature_csv(int rows) {
  std::ostringstream csv;
  csv << "a,b,c,y\n";
  for (int i = 0; i < rows; ++i) {
    const double a = -50.0 + 60.0 * std::fmod(i * 0.618034, 1.0);
    const double b = -0.002 + 0.005 * std::fmod(i * 0.414214, 1.0);
    const double c = 5.0 + 4.0 * std::sin(i * 1.3);
    const int y = a / 30.0 + b * 800.0 + 0.3 * c + 0.4 * std::sin(i * 7.1) > 0.5;
    csv << a << "," << b << "," << c << "," << y << "\n";
  }
  return csv.str();
}

}  // namespace adtrain::testing

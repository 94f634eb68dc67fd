// The one error the plotting code throws: input a picture cannot be drawn
// from. what() is a sentence for the user.
#pragma once

#include <stdexcept>

namespace adtrain::plot {

class PlotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace adtrain::plot

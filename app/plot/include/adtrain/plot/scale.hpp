// Mapping data values to pixels along one axis.
#pragma once

namespace adtrain::plot {

struct Interval {
  double low = 0.0;
  double high = 1.0;
  double span() const { return high - low; }
};

// Linear map from a data interval onto a pixel interval; the pixel interval
// may run backwards (SVG's y grows downwards).
class LinearScale {
 public:
  LinearScale(Interval domain, double pixel_from, double pixel_to)
      : domain_(domain), from_(pixel_from), to_(pixel_to) {}
  double operator()(double value) const {
    return from_ + (value - domain_.low) / domain_.span() * (to_ - from_);
  }
  const Interval& domain() const { return domain_; }

 private:
  Interval domain_;
  double from_;
  double to_;
};

// [min, max] widened by `fraction` of its span on both sides, so that points
// on the extremes do not sit on the frame. A single value gets a span around
// it. Throws PlotError when the result is not finite (values near the
// largest double).
Interval padded_interval(double min, double max, double fraction);

}  // namespace adtrain::plot

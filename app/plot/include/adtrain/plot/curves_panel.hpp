// The right panel: loss per epoch on the left axis and accuracy per epoch on
// a second, right axis; validation curves dashed when there are any.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "adtrain/ml/trainer.hpp"
#include "adtrain/plot/axes.hpp"
#include "adtrain/plot/svg_writer.hpp"

namespace adtrain::plot {

struct CurvesPanel {
  std::span<const ml::EpochRecord> epochs;
  std::size_t point_limit = 2000;              // epochs drawn per curve, spread evenly beyond it
  std::vector<std::string> leading_sentences;  // caption before the panel's own
};

void draw_curves_panel(SvgWriter& svg, const Rect& panel, const CurvesPanel& curves);

}  // namespace adtrain::plot

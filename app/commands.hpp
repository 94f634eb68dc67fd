// The things adtrain does. Each returns the exit status, and throws
// CommandError for anything the user must fix.
#pragma once

#include "settings.hpp"

namespace adtrain::app {

int run_train(const TrainSettings& settings);
int run_predict(const PredictSettings& settings);
int run_generate(const GenerateSettings& settings);
int run_plot(const PlotSettings& settings);

}  // namespace adtrain::app

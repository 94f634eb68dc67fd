// The plot library's one public header: the picture of a training run as one
// SVG document, the data with the decision boundary on the left and the
// training curves on the right. Plain text output, no plotting dependency.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "adtrain/ml.hpp"

namespace adtrain::plot {

// The one error the plotting code throws: input a picture cannot be drawn
// from. what() is a sentence for the user.
class PlotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr double panel_width = 600.0;
inline constexpr double picture_height = 640.0;
inline constexpr std::size_t scatter_point_limit = 5000;

// What the scatter panel shows of a data set's rows in the plane of two
// features: how many rows there are, of each class, the range of x and y
// over all of them, and the rows drawn (every row up to scatter_point_limit,
// else that many spread evenly over all). It is made from consecutive rows,
// a whole data set or one part of it (the rows one process of an mpirun job
// holds), and parts combine into what the whole gives, to the bit: however
// the rows are held, the picture is the same.
struct ScatterPoints {
  std::size_t rows = 0;
  std::array<std::size_t, 2> class_counts{};
  // The smallest and largest x and y of all rows; meaningless without rows.
  double x_min = 0.0, x_max = 0.0, y_min = 0.0, y_max = 0.0;
  // The rows drawn that these rows hold, in row order: raw feature values
  // and the label (0 or 1).
  std::vector<double> x, y, labels;
};

// The part of the ScatterPoints of a data set of `total_rows` rows that
// `part` gives, holding its rows [first_row, first_row + part.rows()) and
// all its features; plane[0] is x, plane[1] is y (see choose_plane). Throws
// std::invalid_argument when the rows reach past total_rows or the plane
// past the features.
ScatterPoints scatter_points(const ml::Dataset& part, const std::array<std::size_t, 2>& plane,
                             std::size_t first_row, std::size_t total_rows);

// Of a whole data set.
ScatterPoints scatter_points(const ml::Dataset& data, const std::array<std::size_t, 2>& plane);

// Parts of consecutive rows, given in row order (empty ones anywhere), as
// one: the same values as scatter_points of all their rows together.
ScatterPoints combine(std::span<const ScatterPoints> parts);

struct ScatterRequest {
  ScatterPoints points;                    // in `plane`, from scatter_points
  std::vector<std::string> feature_names;  // of the data, in the model's data-feature order
  std::array<std::size_t, 2> plane{0, 1};  // see choose_plane
  // Where the features not shown are held to draw the boundary (one value
  // per data feature), and how to say so, e.g. "their training mean".
  std::vector<double> held_at;
  std::string held_at_description;
  std::string description;    // what the points are, e.g. "Training data"
  ml::BinaryMetrics metrics;  // of the model on these points
};

struct PictureRequest {
  std::string title;
  ml::LogisticModel model;
  std::optional<ScatterRequest> scatter;
  // Without `scatter`: when not empty, the left panel shows this note
  // instead of points; when empty, the picture has the curves panel only.
  std::string missing_scatter_note;
  std::span<const ml::EpochRecord> epochs;
  // Of the clean pass with the final weights, for the curves' caption.
  std::optional<double> final_training_accuracy;
  std::optional<double> final_validation_accuracy;
};

// Indices into `features` of the two features to plot: `requested` (the
// names given to --plot-features), or the first two when it is empty.
// nullopt when nothing was requested and there are fewer than two features.
// Throws PlotError when `requested` is not two different feature names.
std::optional<std::array<std::size_t, 2>> choose_plane(const std::vector<std::string>& features,
                                                       const std::vector<std::string>& requested);

// "Logistic regression trained by adtrain on <what>", where `data_source` is
// a path, "-" or "generated" as the report says.
std::string picture_title(const std::string& data_source);

// The SVG document. Throws PlotError when the data cannot be placed on axes.
std::string draw_picture(const PictureRequest& request);

// Width of the picture draw_picture makes for `request`, in pixels.
double picture_width(const PictureRequest& request);

}  // namespace adtrain::plot

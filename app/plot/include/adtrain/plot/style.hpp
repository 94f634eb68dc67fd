// The picture's look in one place: fonts, sizes and colours. Colours are
// from the Okabe-Ito palette, which stays distinguishable with the common
// forms of colour blindness; classes differ in marker shape as well, so the
// picture survives greyscale printing too.
#pragma once

#include <array>
#include <string_view>

namespace adtrain::plot::style {

inline constexpr std::string_view font_family = "DejaVu Sans, Helvetica, Arial, sans-serif";
inline constexpr double title_size = 20.0;
inline constexpr double panel_title_size = 17.0;
inline constexpr double axis_label_size = 15.0;
inline constexpr double tick_label_size = 13.0;
inline constexpr double legend_size = 14.0;
inline constexpr double caption_size = 13.5;

inline constexpr std::string_view text_colour = "#222222";
inline constexpr std::string_view muted_text_colour = "#555555";
inline constexpr std::string_view frame_colour = "#888888";
inline constexpr std::string_view grid_colour = "#e6e6e6";
inline constexpr std::string_view background = "#ffffff";

// Class 0 and class 1: blue circles and orange triangles.
inline constexpr std::array<std::string_view, 2> class_fill = {"#0072B2", "#E69F00"};
inline constexpr std::array<std::string_view, 2> class_outline = {"#00446b", "#8a5f00"};
inline constexpr double region_opacity = 0.09;
inline constexpr std::string_view boundary_colour = "#111111";

inline constexpr std::string_view loss_colour = "#D55E00";      // vermillion
inline constexpr std::string_view accuracy_colour = "#009E73";  // bluish green
inline constexpr std::string_view dash_pattern = "7 4";

}  // namespace adtrain::plot::style

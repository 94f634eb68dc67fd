#include "adtrain/plot/wording.hpp"

namespace adtrain::plot {

std::string group_thousands(std::size_t count) {
  const std::string digits = std::to_string(count);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

std::string list_names(const std::vector<std::string>& names, std::size_t shown) {
  if (names.empty()) return "";
  std::vector<std::string> items;
  for (std::size_t i = 0; i < names.size() && items.size() < shown; ++i) items.push_back(names[i]);
  if (names.size() > items.size()) {
    items.push_back(group_thousands(names.size() - items.size()) + " more");
  }
  std::string text = items.front();
  for (std::size_t i = 1; i < items.size(); ++i) {
    text += (i + 1 == items.size() ? " and " : ", ") + items[i];
  }
  return text;
}

}  // namespace adtrain::plot

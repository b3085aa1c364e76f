// The accessors of expr's out-of-line payloads (ast.hpp), the operator spellings, and the line
// index that turns spans into lines and columns.
#include <algorithm>
#include <array>

#include "connplan/python/ast.hpp"
#include "python/storage.hpp"

namespace connplan::python {

std::string_view operator_text(operator_code op) {
  static constexpr std::array<std::string_view, 18> texts = {"",  "+",  "-", "*",   "/",   "//",
                                                             "%", "**", "@", "<<",  ">>",  "&",
                                                             "|", "^",  "~", "not", "and", "or"};
  return texts[static_cast<std::size_t>(op)];
}

const constant& expr::value() const {
  static const constant none;
  if (kind != expr_kind::constant || payload == nullptr) return none;
  return *static_cast<const constant*>(payload);
}

node_list<std::string_view> expr::ops() const {
  if (kind != expr_kind::compare || payload == nullptr) return {};
  return static_cast<const detail::compare_payload*>(payload)->ops;
}

node_list<keyword> expr::keywords() const {
  if (kind != expr_kind::call || payload == nullptr) return {};
  return static_cast<const detail::call_payload*>(payload)->keywords;
}

node_list<comprehension> expr::generators() const {
  switch (kind) {
    case expr_kind::list_comp:
    case expr_kind::set_comp:
    case expr_kind::dict_comp:
    case expr_kind::generator:
      if (payload == nullptr) return {};
      return static_cast<const detail::comprehension_payload*>(payload)->generators;
    default:
      return {};
  }
}

node_list<parameter> expr::parameters() const {
  if (kind != expr_kind::lambda || payload == nullptr) return {};
  return static_cast<const detail::lambda_payload*>(payload)->parameters;
}

line_index::line_index(std::string_view text) {
  // Settings files average ~30 bytes a line; one reservation usually suffices.
  starts_.reserve(text.size() / 32 + 1);
  starts_.push_back(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
  const char* const data = text.data();
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = data[i];
    if (c == '\n') {
      starts_.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (c == '\r' && (i + 1 >= n || data[i + 1] != '\n')) {
      // A CR ends a line unless an LF follows (then the LF does), as the tokenizer counts.
      starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
}

source_position line_index::position(std::uint32_t offset) const {
  if (starts_.empty()) return {1, offset + 1};
  // The last line starting at or before `offset`.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  if (it != starts_.begin()) --it;
  const std::uint32_t start = std::min(*it, offset);
  return {static_cast<std::uint32_t>(it - starts_.begin()) + 1, offset - start + 1};
}

source_position module::position(std::uint32_t offset) const {
  if (lines == nullptr) return {};
  return lines->position(offset);
}

source_position module::begin(const span& where) const {
  return position(where.begin_offset);
}

source_position module::end(const span& where) const {
  return position(where.end_offset > where.begin_offset ? where.end_offset - 1
                                                        : where.begin_offset);
}

}  // namespace connplan::python

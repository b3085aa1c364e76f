// The accessors of expr's out-of-line payloads (ast.hpp) and the operator spellings.
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

}  // namespace connplan::python

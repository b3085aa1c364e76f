// Python's operators on known values (The Python Language Reference 3.11 §6.6-6.11): arithmetic
// with floor division and floor modulo, `**`, string/list concatenation and repetition,
// comparisons, membership, `%`-formatting (Library reference "printf-style String Formatting")
// and the format-spec mini-language used by f-strings, format() and str.format().
// An operation Python would reject (TypeError, ZeroDivisionError, ValueError) gives an unknown
// value whose reason is Python's message; an unknown operand gives an unknown result with the
// operand's reason; alternatives are combined pairwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "connplan/python/evaluate.hpp"

namespace connplan::python::detail {

// Where an operation happens: the whole expression's text and location, for unknown results.
struct op_site {
  std::string_view expr;
  source origin;
};

// A string that cannot be built (over this size) is unknown instead of exhausting memory.
inline constexpr std::size_t max_built_size = 16u * 1024 * 1024;

[[nodiscard]] value binary_op(std::string_view op, const value& a, const value& b,
                              const op_site& site);
[[nodiscard]] value unary_op(std::string_view op, const value& a, const op_site& site);
// One comparison: "<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not".
[[nodiscard]] value compare_op(std::string_view op, const value& a, const value& b,
                               const op_site& site);

// format(v, spec); nullopt with `error` set when Python would raise.
[[nodiscard]] std::optional<std::string> format_value(const value& v, std::string_view spec,
                                                      std::string& error);
// `text % args`.
[[nodiscard]] value percent_format(const std::string& text, const value& args, const op_site& site);

}  // namespace connplan::python::detail

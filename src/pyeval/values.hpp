// Making, comparing, printing and joining evaluator values (evaluate.hpp `value`) with Python's
// semantics: equality across int/float/bool, truthiness, repr() and str(), dict keys that compare
// equal (1 == 1.0 == True) being one key.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "connplan/python/evaluate.hpp"

namespace connplan::python::detail {

// Joins of branches keep at most this many alternatives, then the value is unknown.
inline constexpr std::size_t max_alternatives = 16;
// Nesting bound of every recursive walk over values (repr, equality, JSON, copies): containers may
// contain themselves (`a = []; a.append(a)`).
inline constexpr int max_value_depth = 64;

[[nodiscard]] value make_none(source origin);
[[nodiscard]] value make_bool(bool b, source origin);
[[nodiscard]] value make_int(std::int64_t i, source origin);
[[nodiscard]] value make_float(double d, source origin);
[[nodiscard]] value make_str(std::string s, source origin);
[[nodiscard]] value make_bytes(std::string s, source origin);
[[nodiscard]] value make_sequence(value_kind kind, std::vector<value> items, source origin);
[[nodiscard]] value make_dict(source origin);
[[nodiscard]] value make_unknown(std::string_view expr, std::string reason, source origin);
[[nodiscard]] value make_absent();
// module / object / callable with a qualified name and nothing known about it.
[[nodiscard]] value make_opaque(value_kind kind, std::string name, source origin);

[[nodiscard]] bool is_number(const value& v);  // bool, int or float
[[nodiscard]] double as_double(const value& v);
[[nodiscard]] std::string_view type_name(const value& v);  // Python's type(v).__name__

// Python truth value; nullopt when it depends on something unknown.
[[nodiscard]] std::optional<bool> truthiness(const value& v);
// Python `==`; nullopt when either side is not known.
[[nodiscard]] std::optional<bool> equals(const value& a, const value& b);
// Identity of two possible values for de-duplicating alternatives: same kind and equal, or the
// same unknown expression.
[[nodiscard]] bool same_alternative(const value& a, const value& b);

[[nodiscard]] std::string python_repr(const value& v);
[[nodiscard]] std::string python_str(const value& v);
[[nodiscard]] std::string float_repr(double d);
[[nodiscard]] std::string string_repr(std::string_view s);

// Dict access by Python key equality.
[[nodiscard]] value* dict_lookup(dict_object& d, const value& key);
[[nodiscard]] const value* dict_lookup(const dict_object& d, const value& key);
void dict_store(dict_object& d, value key, value v);
bool dict_erase(dict_object& d, const value& key);

// The possible values of `vs` flattened (nested alternatives opened), de-duplicated, in order; one
// value when they agree; unknown ("too many alternatives") beyond max_alternatives.
[[nodiscard]] value join_alternatives(const std::vector<value>& vs, std::string_view expr,
                                      source origin);

// A copy of `v` where every reachable list, dict and set is copied once (aliasing between them
// kept through `memo`), for evaluating a branch on its own copy of the state.
struct copy_memo {
  std::unordered_map<const void*, value> seen;  // original container -> its copy
};
[[nodiscard]] value deep_copy(const value& v, copy_memo& memo, int depth = 0);
[[nodiscard]] const value* find_copy(const copy_memo& memo, const void* original);

// The address identifying a mutable container (list, set, dict), else nullptr.
[[nodiscard]] const void* container_identity(const value& v);

}  // namespace connplan::python::detail

// Hand-built abstract values and write logs for the Django model's unit tests (the evaluator's own
// output is tested through inspect_test.cpp).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "connplan/python/evaluate.hpp"

namespace connplan::django::testing {

using python::value;
using python::value_kind;
using python::write_event;

inline source_location at(std::uint32_t line, std::uint32_t column = 1,
                          std::string file = "settings.py") {
  return source_location{std::move(file), {line, column}, {line, column}};
}

// A statement spanning from (line, column) to (end_line, end_column).
inline source_location span(std::uint32_t line, std::uint32_t column, std::uint32_t end_line,
                            std::uint32_t end_column, std::string file = "settings.py") {
  return source_location{std::move(file), {line, column}, {end_line, end_column}};
}

inline value located(value v, source_location where) {
  v.origin = source::from_file(std::move(where));
  return v;
}

inline value none() {
  return value{};
}

inline value boolean(bool b) {
  value v;
  v.kind = value_kind::boolean;
  v.boolean = b;
  return v;
}

inline value integer(std::int64_t i) {
  value v;
  v.kind = value_kind::integer;
  v.integer = i;
  return v;
}

inline value floating(double d) {
  value v;
  v.kind = value_kind::floating;
  v.floating = d;
  return v;
}

inline value str(std::string s) {
  value v;
  v.kind = value_kind::string;
  v.text = std::move(s);
  return v;
}

inline value dict(std::initializer_list<std::pair<std::string, value>> members) {
  value v;
  v.kind = value_kind::dict;
  v.dict = std::make_shared<python::dict_object>();
  for (const auto& [k, m] : members) v.dict->entries.push_back({str(k), m});
  return v;
}

inline value list(std::initializer_list<value> items) {
  value v;
  v.kind = value_kind::list;
  v.items = std::make_shared<std::vector<value>>(items);
  return v;
}

inline value unknown(std::string expr, std::string reason, source_location where = at(1)) {
  value v;
  v.kind = value_kind::unknown;
  v.expr = std::move(expr);
  v.reason = std::move(reason);
  v.origin = source::from_file(std::move(where));
  return v;
}

inline value alternatives(std::initializer_list<value> options) {
  value v;
  v.kind = value_kind::alternatives;
  v.alternatives = options;
  return v;
}

inline write_event write(std::string target, value stored, source_location where,
                         write_event::how how = write_event::how::assign,
                         bool conditional = false) {
  return write_event{std::move(target), std::move(stored), std::move(where), how, conditional};
}

// The same write logged as a member `depth` levels below the fresh dict its store stored.
inline write_event at_depth(write_event w, int depth) {
  w.member_depth = static_cast<std::uint8_t>(depth);
  return w;
}

}  // namespace connplan::django::testing

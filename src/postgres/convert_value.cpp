// Conversion of one postgresql.conf value to what `postgres -C name` prints, as the GUC machinery
// of PostgreSQL 15 does: src/backend/utils/misc/guc.c @ REL_15_STABLE (parse_and_validate_value,
// parse_int, parse_real, convert_to_base_unit, config_enum_lookup_by_name) and
// src/backend/utils/adt/bool.c (parse_bool_with_len). The C library's strtol/strtod are called on
// purpose: PostgreSQL calls them too, in the C locale, and their corner cases (octal "010", hex
// "0x10", "1e3", leading white space, ERANGE) are the behaviour to reproduce.
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>

#include <fmt/format.h>

#include "postgres/catalogue.hpp"

namespace connplan::postgres {
namespace {

// guc.c uses isspace() in the C locale.
bool is_c_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// pg_strncasecmp(a, b, n) == 0 over C strings (a shorter string ends at its NUL).
bool ncase_equal(std::string_view a, std::string_view b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    char ca = i < a.size() ? fold(a[i]) : '\0';
    char cb = i < b.size() ? fold(b[i]) : '\0';
    if (ca != cb) return false;
    if (ca == '\0') return true;
  }
  return true;
}

bool case_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ncase_equal(a, b, a.size());
}

// PostgreSQL's own snprintf (src/port/snprintf.c fmtfloat @ 15) prints infinities as
// "Infinity"/"-Infinity" and hands finite values to the C library's %g.
std::string format_g(double v) {
  if (std::isinf(v)) return v < 0 ? "-Infinity" : "Infinity";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// bool.c parse_bool_with_len @ 15: an unambiguous prefix of true/false/yes/no, at least two
// letters of on/off ("o" alone is ambiguous), or exactly "1"/"0"; case-insensitive.
std::optional<bool> parse_bool(std::string_view v) {
  const auto len = v.size();
  if (len == 0) return std::nullopt;
  switch (v[0]) {
    case 't':
    case 'T':
      if (ncase_equal(v, "true", len)) return true;
      break;
    case 'f':
    case 'F':
      if (ncase_equal(v, "false", len)) return false;
      break;
    case 'y':
    case 'Y':
      if (ncase_equal(v, "yes", len)) return true;
      break;
    case 'n':
    case 'N':
      if (ncase_equal(v, "no", len)) return false;
      break;
    case 'o':
    case 'O':
      if (ncase_equal(v, "on", len > 2 ? len : 2)) return true;
      if (ncase_equal(v, "off", len > 2 ? len : 2)) return false;
      break;
    case '1':
      if (len == 1) return true;
      break;
    case '0':
      if (len == 1) return false;
      break;
    default:
      break;
  }
  return std::nullopt;
}

struct unit_row {
  std::string_view unit;
  double multiplier;
};

// guc.c memory_unit_conversion_table / time_unit_conversion_table @ 15, per base unit, greatest
// unit first (the rounding below relies on that order). BLCKSZ = XLOG_BLCKSZ = 8192 in Debian's
// build (pg_settings shows the unit "8kB").
constexpr unit_row bytes_rows[] = {{"TB", 1024.0 * 1024 * 1024 * 1024},
                                   {"GB", 1024.0 * 1024 * 1024},
                                   {"MB", 1024.0 * 1024},
                                   {"kB", 1024.0},
                                   {"B", 1.0}};
constexpr unit_row kb_rows[] = {{"TB", 1024.0 * 1024 * 1024},
                                {"GB", 1024.0 * 1024},
                                {"MB", 1024.0},
                                {"kB", 1.0},
                                {"B", 1.0 / 1024.0}};
constexpr unit_row mb_rows[] = {{"TB", 1024.0 * 1024},
                                {"GB", 1024.0},
                                {"MB", 1.0},
                                {"kB", 1.0 / 1024.0},
                                {"B", 1.0 / (1024.0 * 1024.0)}};
constexpr unit_row block_rows[] = {{"TB", (1024.0 * 1024 * 1024) / 8},
                                   {"GB", (1024.0 * 1024) / 8},
                                   {"MB", 1024.0 / 8},
                                   {"kB", 1.0 / 8},
                                   {"B", 1.0 / 8192}};
constexpr unit_row ms_rows[] = {{"d", 1000.0 * 60 * 60 * 24},
                                {"h", 1000.0 * 60 * 60},
                                {"min", 1000.0 * 60},
                                {"s", 1000.0},
                                {"ms", 1.0},
                                {"us", 1.0 / 1000}};
constexpr unit_row s_rows[] = {{"d", 60.0 * 60 * 24}, {"h", 60.0 * 60},
                               {"min", 60.0},         {"s", 1.0},
                               {"ms", 1.0 / 1000},    {"us", 1.0 / (1000 * 1000)}};
constexpr unit_row min_rows[] = {{"d", 60.0 * 24},
                                 {"h", 60.0},
                                 {"min", 1.0},
                                 {"s", 1.0 / 60},
                                 {"ms", 1.0 / (1000 * 60)},
                                 {"us", 1.0 / (1000 * 1000 * 60)}};

std::span<const unit_row> rows_for(std::string_view base_unit) {
  if (base_unit == "B") return bytes_rows;
  if (base_unit == "kB") return kb_rows;
  if (base_unit == "MB") return mb_rows;
  if (base_unit == "8kB") return block_rows;
  if (base_unit == "ms") return ms_rows;
  if (base_unit == "s") return s_rows;
  if (base_unit == "min") return min_rows;
  return {};
}

bool is_memory_unit(std::string_view base_unit) {
  return base_unit == "B" || base_unit == "kB" || base_unit == "MB" || base_unit == "8kB";
}

constexpr std::string_view memory_units_hint =
    R"(Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".)";
constexpr std::string_view time_units_hint =
    R"(Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".)";

// guc.c convert_to_base_unit @ 15: at most 3 unit characters, then only white space; a
// fractional value is rounded (rint) to a multiple of the next smaller unit, if there is one.
std::optional<double> convert_to_base_unit(double value, const char* unit,
                                           std::string_view base_unit) {
  std::string unitstr;
  while (*unit != '\0' && !is_c_space(*unit) && unitstr.size() < 3) unitstr += *unit++;
  while (is_c_space(*unit)) ++unit;
  if (*unit != '\0') return std::nullopt;  // unit too long, or garbage after it
  const auto rows = rows_for(base_unit);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].unit != unitstr) continue;  // strcmp: units are case-sensitive
    double v = value * rows[i].multiplier;
    if (i + 1 < rows.size()) v = std::rint(v / rows[i + 1].multiplier) * rows[i + 1].multiplier;
    return v;
  }
  return std::nullopt;
}

struct parsed_number {
  std::optional<double> value;
  std::optional<std::string> hint;
};

// The unit part shared by parse_int and parse_real: white space, then an optional unit.
parsed_number finish_number(double val, const char* end, std::string_view base_unit) {
  while (is_c_space(*end)) ++end;
  if (*end == '\0') return {val, std::nullopt};
  if (base_unit.empty()) return {};  // this setting does not accept a unit
  if (auto v = convert_to_base_unit(val, end, base_unit)) return {*v, std::nullopt};
  return {std::nullopt,
          std::string(is_memory_unit(base_unit) ? memory_units_hint : time_units_hint)};
}

// guc.c parse_int @ 15: strtol base 0 (octal, hex), falling back to strtod when strtol stops at
// '.', 'e' or 'E' or overflows; units; rint; the int range.
parsed_number parse_int(const std::string& text, std::string_view base_unit) {
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  double val = static_cast<double>(std::strtol(s, &end, 0));
  if (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE) {
    errno = 0;
    val = std::strtod(s, &end);
  }
  if (end == s || errno == ERANGE) return {};
  if (std::isnan(val)) return {};
  auto r = finish_number(val, end, base_unit);
  if (!r.value) return r;
  double rounded = std::rint(*r.value);
  if (rounded > INT_MAX || rounded < INT_MIN) return {std::nullopt, "Value exceeds integer range."};
  return {rounded, std::nullopt};
}

// guc.c parse_real @ 15: strtod, then units (no rounding of the result).
parsed_number parse_real(const std::string& text, std::string_view base_unit) {
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  double val = std::strtod(s, &end);
  if (end == s || errno == ERANGE) return {};
  if (std::isnan(val)) return {};
  return finish_number(val, end, base_unit);
}

// guc.c parse_and_validate_value @ 15: `invalid value for parameter "%s": "%s"`.
converted_value invalid(std::string_view name, std::string_view value,
                        std::optional<std::string> hint) {
  return {
      {}, fmt::format(R"(invalid value for parameter "{}": "{}")", name, value), std::move(hint)};
}

converted_value convert_integer(const parameter& p, const std::string& value,
                                std::string_view name) {
  auto r = parse_int(value, p.unit);
  if (!r.value) return invalid(name, value, std::move(r.hint));
  const int v = static_cast<int>(*r.value);
  if (v < p.min || v > p.max)
    return {{},
            fmt::format(R"({}{}{} is outside the valid range for parameter "{}" ({} .. {}))", v,
                        p.unit.empty() ? "" : " ", p.unit, name, static_cast<int>(p.min),
                        static_cast<int>(p.max)),
            std::nullopt};
  return {std::to_string(v), std::nullopt, std::nullopt};
}

converted_value convert_real(const parameter& p, const std::string& value, std::string_view name) {
  auto r = parse_real(value, p.unit);
  if (!r.value) return invalid(name, value, std::move(r.hint));
  if (*r.value < p.min || *r.value > p.max)
    return {{},
            fmt::format(R"({}{}{} is outside the valid range for parameter "{}" ({} .. {}))",
                        format_g(*r.value), p.unit.empty() ? "" : " ", p.unit, name,
                        format_g(p.min), format_g(p.max)),
            std::nullopt};
  return {format_g(*r.value), std::nullopt, std::nullopt};
}

// Calls f(name) for each comma-separated item of a catalogue list (items may be empty).
template <typename F>
void for_each_item(std::string_view list, F f) {
  if (list.empty()) return;
  for (;;) {
    auto comma = list.find(',');
    f(list.substr(0, comma));
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// guc.c config_enum_lookup_by_name (pg_strcasecmp over every entry, hidden ones included), then
// config_enum_lookup_by_value for what is printed: the first entry with that value.
converted_value convert_enum(const parameter& p, const std::string& value, std::string_view name) {
  std::optional<std::string> canonical;
  for_each_item(p.enum_aliases, [&](std::string_view item) {
    auto eq = item.find('=');
    if (!canonical && case_equal(item.substr(0, eq), value))
      canonical = std::string(item.substr(eq + 1));
  });
  for_each_item(p.enum_values, [&](std::string_view item) {
    if (!canonical && case_equal(item, value)) canonical = std::string(item);
  });
  if (canonical) return {*canonical, std::nullopt, std::nullopt};
  // config_enum_get_options(record, "Available values: ", ".", ", "): the listed names only.
  std::string hint = "Available values: ";
  bool first = true;
  for_each_item(p.enum_values, [&](std::string_view item) {
    if (!first) hint += ", ";
    hint += item;
    first = false;
  });
  hint += ".";
  return invalid(name, value, std::move(hint));
}

}  // namespace

namespace {

// src/backend/commands/variable.c check_datestyle @ REL_15_STABLE: comma-separated keywords,
// case-insensitive, starting from the boot value "ISO, MDY"; printed canonically as
// "<style>, <order>". GERMAN also sets DMY unless an order is given.
std::optional<converted_value> check_datestyle(std::string_view text, std::string_view name) {
  std::string style = "ISO", order = "MDY";
  bool have_style = false, have_order = false;
  auto invalid = [&](std::string detail) {
    return converted_value{{},
                           fmt::format("invalid value for parameter \"{}\": \"{}\"", name, text),
                           std::move(detail)};
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string_view raw =
        text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front())))
      raw.remove_prefix(1);
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back())))
      raw.remove_suffix(1);
    std::string tok;
    for (char c : raw)
      tok.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    auto set_style = [&](const char* s) {
      if (have_style && style != s) return false;
      style = s;
      have_style = true;
      return true;
    };
    auto set_order = [&](const char* o) {
      if (have_order && order != o) return false;
      order = o;
      have_order = true;
      return true;
    };
    bool ok = true;
    if (tok == "ISO") {
      ok = set_style("ISO");
    } else if (tok == "SQL") {
      ok = set_style("SQL");
    } else if (tok.rfind("POSTGRES", 0) == 0 && tok.size() == 8) {
      ok = set_style("Postgres");
    } else if (tok == "GERMAN") {
      ok = set_style("German");
      if (!have_order) order = "DMY";
    } else if (tok == "YMD") {
      ok = set_order("YMD");
    } else if (tok == "DMY" || tok == "EURO" || tok == "EUROPEAN") {
      ok = set_order("DMY");
    } else if (tok == "MDY" || tok == "US" || tok == "NONEURO" || tok == "NONEUROPEAN") {
      ok = set_order("MDY");
    } else if (tok == "DEFAULT") {
      // The default is the boot value "ISO, MDY".
      ok = set_style("ISO") && set_order("MDY");
    } else {
      return invalid(fmt::format("Unrecognized key word: \"{}\".", std::string(raw)));
    }
    if (!ok) return invalid("Conflicting \"datestyle\" specifications.");
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return converted_value{fmt::format("{}, {}", style, order), std::nullopt, std::nullopt};
}

// cluster_name and application_name pass through pg_clean_ascii @ REL_15_STABLE: every byte outside
// printable ASCII (32..126) becomes '?'. (16 and later escape it as \xHH instead; not modelled.)
std::optional<converted_value> clean_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 32 || u > 126) c = '?';
  }
  return converted_value{out, std::nullopt, std::nullopt};
}

std::optional<converted_value> string_check_hook(const parameter& p, std::string_view text,
                                                 std::string_view name) {
  if (p.name == "DateStyle") return check_datestyle(text, name);
  if (p.name == "cluster_name" || p.name == "application_name") return clean_ascii(text);
  return std::nullopt;
}

}  // namespace

converted_value convert_value(const parameter& p, std::string_view value,
                              std::string_view name_as_written) {
  // PostgreSQL handles the value as a C string: it ends at the first NUL byte.
  const std::string text(value.substr(0, value.find('\0')));
  switch (p.type) {
    case param_type::boolean:
      if (auto b = parse_bool(text)) return {*b ? "on" : "off", std::nullopt, std::nullopt};
      return {{},
              fmt::format(R"(parameter "{}" requires a Boolean value)", name_as_written),
              std::nullopt};
    case param_type::integer:
      return convert_integer(p, text, name_as_written);
    case param_type::real:
      return convert_real(p, text, name_as_written);
    case param_type::enumeration:
      return convert_enum(p, text, name_as_written);
    case param_type::string:
      break;
  }
  if (auto hooked = string_check_hook(p, text, name_as_written)) return *hooked;
  // Other strings are kept as written; the remaining check hooks (timezone names,
  // log_destination, ...) and the truncation of GUC_IS_NAME values to 63 bytes are not modelled.
  return {text, std::nullopt, std::nullopt};
}

converted_value convert_value(const parameter& p, std::string_view value) {
  return convert_value(p, value, p.name);
}

}  // namespace connplan::postgres

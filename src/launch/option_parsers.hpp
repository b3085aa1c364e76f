// The two option parsers the programs use, reimplemented to the letter: Python's argparse
// (gunicorn, daphne; Lib/argparse.py @ 3.11) and click's OptionParser (celery, uvicorn;
// click/parser.py and click/core.py @ 8.1.3). They take already split words and return the options
// the real parser would store, the positional words, and the error it would stop with.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "connplan/command_line.hpp"
#include "launch/shell_words.hpp"
#include "launch/tables.hpp"

namespace connplan::launch::detail {

struct parsed_options {
  std::map<std::string, flag> flags;
  std::vector<word> positionals;  // argparse: the positional's words; click: the arguments
  std::vector<unparsed_word> unparsed;
  std::vector<std::string> errors;  // the first one is what the program prints
  bool exits_early = false;         // --help / --version
};

// `prog` prefixes the error ("gunicorn: error: …").
[[nodiscard]] parsed_options parse_argparse(std::span<const word> args,
                                            std::span<const argparse_option> table,
                                            std::string_view prog);

struct click_settings {
  bool allow_interspersed = true;  // false for groups: the first positional is the subcommand
  bool ignore_unknown_options = false;
  bool allow_extra_args = false;
  std::string auto_envvar_prefix;  // "CELERY_WORKER", "UVICORN"; empty: none
};

// For a group (allow_interspersed = false) parsing stops at the first positional word; the
// remaining words are in `positionals` (the subcommand first).
[[nodiscard]] parsed_options parse_click(std::span<const word> args,
                                         const std::vector<click_param>& table,
                                         const click_settings& settings, const shell_env& env,
                                         std::string_view prog);

// Python's int() / int(x, 0) / float() on a string, as the type conversions call them.
[[nodiscard]] bool python_int(std::string_view text, bool base_zero, long long* out);
[[nodiscard]] bool python_float(std::string_view text);

// Python repr() of a str, for error messages ('x').
[[nodiscard]] std::string python_repr(std::string_view text);

}  // namespace connplan::launch::detail

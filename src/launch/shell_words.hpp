// POSIX sh word splitting without running anything: quotes, backslashes, comments, parameter
// expansion from a known environment, field splitting of unquoted expansions, and the operators
// that separate commands. Follows the Shell Command Language of POSIX.1-2017 (XCU 2.2 Quoting,
// 2.3 Token Recognition, 2.6.2 Parameter Expansion, 2.6.5 Field Splitting).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/command_line.hpp"

namespace connplan::launch::detail {

// A shell variable as far as we know it. Absent from the map: unset.
struct shell_var {
  std::string value;
  bool known = true;
  std::string reason;
  std::vector<std::string> variables;
  bool exported = false;  // in the environment of the commands it starts
};
using shell_env = std::map<std::string, shell_var>;

// A shell name (XBD 3.235): [A-Za-z_][A-Za-z0-9_]*, as variables and heredoc delimiters are
// recognised here.
[[nodiscard]] bool is_name_start(char c);
[[nodiscard]] bool is_name_char(char c);

// One word after expansion and quote removal.
struct word {
  std::string text;
  std::vector<std::size_t> offsets;  // per byte of `text`: its offset in the outer text
  text_span where;
  bool known = true;
  std::string reason;
  std::vector<std::string> variables;
  bool all_arguments = false;  // "$@" or $*: the script's arguments, any number of words
  bool quoted = false;         // some part was quoted (an empty quoted word is still a word)
  // The text before the first '=' was an unquoted literal name: `NAME=value` is an assignment.
  bool assignment = false;

  [[nodiscard]] raw_value raw() const;
};

struct segment {
  std::vector<word> words;
  text_span where;
};

struct split_result {
  std::vector<segment> segments;
  std::vector<std::string> errors;
};

// Splits `text` into commands. `offsets` maps each byte of `text` to the outer text (nullptr:
// identity). Assignment-only commands (`A=1`) and `export A=1` update `env` for the commands
// after them, as the shell would.
[[nodiscard]] split_result split_shell(std::string_view text,
                                       const std::vector<std::size_t>* offsets, shell_env& env);

// shlex.split (posix mode) as gunicorn applies it to GUNICORN_CMD_ARGS: no expansion, no
// operators, no comments. Unterminated quotes give an error (shlex raises ValueError).
[[nodiscard]] std::vector<word> shlex_split(std::string_view text, std::string* error);

}  // namespace connplan::launch::detail

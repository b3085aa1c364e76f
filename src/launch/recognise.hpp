// Which program a command starts, under its wrappers and environment assignments.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/command_line.hpp"
#include "launch/shell_words.hpp"

namespace connplan::launch::detail {

struct recognised {
  launch::program program = program::unknown;
  std::string executable;
  std::size_t first_argument = 0;  // index of the program's first argument
  std::size_t program_word = 0;    // index of the word that named the program
  std::vector<std::string> wrappers;
  std::vector<std::pair<std::string, word>> env;  // NAME, the whole NAME=value word
  // `sh -c STRING`: the index of STRING; the command is in there.
  std::optional<std::size_t> shell_string;
};

[[nodiscard]] recognised recognise(std::span<const word> words);

// sh, bash, dash, ash, zsh, ksh, or busybox (which runs the shell named after it).
[[nodiscard]] bool is_shell(std::string_view name);

// The last path component of a word ("/opt/venv/bin/gunicorn" → "gunicorn").
[[nodiscard]] std::string basename_of(const std::string& path);

}  // namespace connplan::launch::detail

#include "launchfiles/postgres_overrides.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "launch/shell_words.hpp"

namespace connplan::launchfiles {
namespace {

// Single-letter options of the postmaster that set a parameter, and those that take an argument
// but set none of connplan's concern (postmaster.c @ REL_15 getopt
// "B:bc:C:D:d:EeFf:h:ijk:lN:nOPp:r:S:sTt:W:-:").
struct letter_option {
  char letter;
  const char* parameter;  // nullptr: takes an argument, sets nothing connplan reads
};
constexpr letter_option with_argument[] = {
    {'B', "shared_buffers"},
    {'d', "log_min_messages"},
    {'D', nullptr},
    {'f', nullptr},
    {'h', "listen_addresses"},
    {'k', "unix_socket_directories"},
    {'N', "max_connections"},
    {'p', "port"},
    {'r', nullptr},
    {'S', "work_mem"},
    {'t', nullptr},
    {'W', nullptr},
    {'C', nullptr},
};

std::string underscores(std::string s) {
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

bool names_postgres(const std::string& word) {
  const auto slash = word.rfind('/');
  const std::string base = slash == std::string::npos ? word : word.substr(slash + 1);
  return base == "postgres" || base == "postmaster";
}

}  // namespace

postgres_command parse_postgres_command(std::string_view command, const source_location& at) {
  postgres_command out;
  launch::detail::shell_env env;
  auto split = launch::detail::split_shell(command, nullptr, env);
  for (const auto& seg : split.segments) {
    std::size_t start = seg.words.size();
    for (std::size_t i = 0; i < seg.words.size(); ++i) {
      if (names_postgres(seg.words[i].text)) {
        start = i + 1;
        break;
      }
    }
    // The postgres image's docker-entrypoint.sh: "if the first argument is `-f` or `--some-option`
    // … then run postgres with those arguments" (docker-library/postgres docker-entrypoint.sh).
    if (start == seg.words.size() && !seg.words.empty() && seg.words.front().text.starts_with("-"))
      start = 0;
    if (start == seg.words.size() && (seg.words.empty() || !names_postgres(seg.words.back().text)))
      continue;
    out.is_postgres = true;
    auto add = [&](std::string name, std::string value, std::string spelling) {
      out.overrides.push_back(
          {underscores(std::move(name)), std::move(value), std::move(spelling), at});
    };
    const auto& w = seg.words;
    for (std::size_t i = start; i < w.size(); ++i) {
      const std::string& t = w[i].text;
      if (t.size() < 2 || t[0] != '-') continue;
      if (t.starts_with("--")) {
        const auto eq = t.find('=');
        if (eq == std::string::npos) {
          out.problems.push_back(fmt::format("{} requires a value", t));
          continue;
        }
        add(t.substr(2, eq - 2), t.substr(eq + 1), t);
        continue;
      }
      const char letter = t[1];
      std::string arg;
      bool has_arg = false;
      auto take = [&]() {
        if (t.size() > 2) {
          arg = t.substr(2);
          has_arg = true;
        } else if (i + 1 < w.size()) {
          arg = w[++i].text;
          has_arg = true;
        }
      };
      if (letter == 'c') {
        take();
        const auto eq = arg.find('=');
        if (!has_arg || eq == std::string::npos) {
          // ParseLongOption leaves the value empty: "-c %s requires a value" (postmaster.c).
          out.problems.push_back(fmt::format("-c {} requires a value (-c name=value)", arg));
          continue;
        }
        add(arg.substr(0, eq), arg.substr(eq + 1), "-c " + arg);
        continue;
      }
      const auto* opt = std::find_if(std::begin(with_argument), std::end(with_argument),
                                     [&](const letter_option& o) { return o.letter == letter; });
      if (opt != std::end(with_argument)) {
        take();
        if (opt->parameter != nullptr && has_arg)
          add(opt->parameter, arg, fmt::format("-{} {}", letter, arg));
        continue;
      }
      if (letter == 'i') add("listen_addresses", "*", "-i");
      if (letter == 'F') add("fsync", "off", "-F");
      if (letter == 'l') add("ssl", "on", "-l");
    }
  }
  return out;
}

}  // namespace connplan::launchfiles

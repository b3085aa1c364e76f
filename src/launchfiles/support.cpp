#include <algorithm>

#include <fmt/format.h>

#include "connplan/command_line.hpp"
#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

line_index::line_index(std::string_view text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

source_position line_index::position(std::size_t offset) const {
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - starts_.begin());
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - starts_[line - 1] + 1)};
}

source_location line_index::location(const std::string& file, std::size_t begin,
                                     std::size_t end) const {
  source_location l;
  l.file = file;
  l.begin = position(begin);
  l.end = position(end > begin ? end - 1 : begin);
  return l;
}

std::string quote_word(std::string_view word) {
  static constexpr std::string_view safe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=@%+";
  if (!word.empty() && word.find_first_not_of(safe) == std::string_view::npos) {
    return std::string(word);
  }
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string join_quoted(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  quoted.reserve(words.size());
  for (const auto& w : words) quoted.push_back(quote_word(w));
  return fmt::format("{}", fmt::join(quoted, " "));
}

std::string process_name_for(std::string_view command,
                             const std::map<std::string, std::string>& env) {
  launch::parse_options po;
  po.env = env;
  const auto parsed = launch::parse_command_line(command, po);
  const launch::command* first = nullptr;
  for (const auto& c : parsed.commands) {
    if (c.program != launch::program::unknown) return process_name_for(c);
    if (first == nullptr && !c.executable.empty()) first = &c;
  }
  if (first == nullptr) return {};
  auto base = first->executable;
  if (const auto space = base.find(' '); space != std::string::npos) base.resize(space);
  if (const auto slash = base.find_last_of('/'); slash != std::string::npos)
    base = base.substr(slash + 1);
  return base;
}

std::string process_name_for(const launch::command& c) {
  switch (c.program) {
    case launch::program::celery:
      // `celery multi start …` has the subcommand "multi start": the process is "celery-multi".
      return c.subcommand.empty() ? std::string("celery")
                                  : "celery-" + c.subcommand.substr(0, c.subcommand.find(' '));
    case launch::program::django_manage:
    case launch::program::django_admin:
      return c.subcommand.empty() ? std::string("manage.py") : "manage.py-" + c.subcommand;
    default:
      return std::string(launch::to_string(c.program));
  }
}

std::string unique_name(const launch_file& file, const std::string& base) {
  auto taken = [&](const std::string& n) {
    return std::any_of(file.processes.begin(), file.processes.end(),
                       [&](const launched_process& p) { return p.name == n; });
  };
  if (!taken(base)) return base;
  for (int i = 2;; ++i) {
    auto n = fmt::format("{}-{}", base, i);
    if (!taken(n)) return n;
  }
}

std::string name_registry::unique(const std::string& base) {
  if (taken_.insert(base).second) return base;
  int& next = next_.try_emplace(base, 2).first->second;
  for (;; ++next) {
    auto n = fmt::format("{}-{}", base, next);
    if (taken_.insert(n).second) {
      ++next;
      return n;
    }
  }
}

std::string without_cr(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

void output_budget::report(const source_location& where, const std::string& what) {
  if (!spent_) {
    out_.findings.push_back(make_finding(
        "CP006",
        fmt::format("{} expands to more than {}; the rest of the file is not read (YAML aliases "
                    "or variables that repeat variables)",
                    out_.path, what),
        where, "launch-file.expansion"));
  }
  spent_ = true;
  out_.complete = false;
}

bool output_budget::take(std::size_t bytes, const source_location& where) {
  if (spent_) return false;
  if (bytes > max_output_bytes - bytes_) {
    report(where, fmt::format("{} MiB of commands and environment", max_output_bytes >> 20));
    return false;
  }
  bytes_ += bytes;
  return true;
}

bool output_budget::take_process(const launched_process& p) {
  if (spent_) return false;
  if (++processes_ > max_output_processes) {
    report(p.command_at, fmt::format("{} processes", max_output_processes));
    return false;
  }
  std::size_t bytes = p.name.size() + p.command.size() + p.workdir.size() + p.image.size() +
                      p.command_words.size() * sizeof(p.command_words.front());
  for (const auto& [k, v] : p.env) bytes += k.size() + v.size();
  for (const auto& w : p.entrypoint) bytes += w.size();
  return take(bytes, p.command_at);
}

void report_value_too_long(launch_file& out, const source_location& where, std::string_view what) {
  out.findings.push_back(make_finding(
      "CP006",
      fmt::format("{} is longer than {} MiB after expansion; connplan does not read it", what,
                  max_value_bytes >> 20),
      where, fmt::format("launch-file.value.{}", what)));
  out.complete = false;
}

}  // namespace connplan::launchfiles::detail

// read_launch_file, format_of and to_string(format): the one entry point of the launch files.
#include "connplan/launch_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "launch/recognise.hpp"
#include "launchfiles/readers.hpp"
#include "launchfiles/yaml_readers.hpp"

namespace connplan::launchfiles {

std::string_view to_string(format f) {
  switch (f) {
    case format::dockerfile:
      return "dockerfile";
    case format::shell:
      return "shell";
    case format::procfile:
      return "procfile";
    case format::systemd:
      return "systemd";
    case format::supervisord:
      return "supervisord";
    case format::compose:
      return "compose";
    case format::kubernetes:
      return "kubernetes";
  }
  return "unknown";
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_yaml_name(const std::string& name) {
  return name.ends_with(".yml") || name.ends_with(".yaml");
}

// A line of `head` that starts (after indentation) with `key`.
bool has_line_starting(std::string_view head, std::string_view key, bool at_column_one) {
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    auto line = head.substr(pos, end - pos);
    if (!at_column_one) {
      const auto first = line.find_first_not_of(" \t");
      line = first == std::string_view::npos ? std::string_view() : line.substr(first);
    }
    if (line.starts_with(key)) return true;
    pos = end + 1;
  }
  return false;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && detail::is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !detail::is_blank(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// The shells a shebang names (busybox, a shell only with the applet after it, is not one).
bool is_shell_name(std::string_view name) {
  return name != "busybox" && launch::detail::is_shell(name);
}

// `#!/bin/sh`, `#!/bin/bash -e`, `#! /usr/bin/env sh`, `#!/usr/bin/env -S bash -e`: the
// interpreter is a path whose last part is a shell, or `env` [options] then a shell's bare name.
// Hand-written rather than a std::regex, whose construction showed in a cold run's profile.
bool has_shell_shebang(std::string_view head) {
  if (!head.starts_with("#!")) return false;
  const auto words = words_of(head.substr(2, head.find('\n') - 2));
  if (words.empty()) return false;
  const auto slash = words[0].rfind('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view program = words[0].substr(slash + 1);
  if (is_shell_name(program)) return true;
  if (program != "env") return false;
  std::size_t i = 1;
  while (i < words.size() && words[i].size() > 1 && words[i][0] == '-') ++i;
  return i < words.size() && is_shell_name(words[i]);
}

}  // namespace

std::optional<format> format_of(std::string_view display_path, std::string_view head) {
  std::string path(display_path);
  const auto slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string lname = lower(name);
  const std::string lpath = lower(path);

  if (name == "Dockerfile" || name.starts_with("Dockerfile.") || lname.ends_with(".dockerfile") ||
      name == "Containerfile" || name.starts_with("Containerfile."))
    return format::dockerfile;
  if (name == "Procfile" || name.starts_with("Procfile.")) return format::procfile;
  if (lname.ends_with(".service")) return format::systemd;
  if (is_yaml_name(lname)) {
    if (lname.starts_with("compose") || lname.starts_with("docker-compose")) return format::compose;
    if (has_line_starting(head, "apiVersion:", true) && has_line_starting(head, "kind:", false))
      return format::kubernetes;
    if (has_line_starting(head, "services:", true)) return format::compose;
    return std::nullopt;
  }
  if (lname == "supervisord.conf" || lname == "supervisor.conf") return format::supervisord;
  if (lname.ends_with(".conf") || lname.ends_with(".ini")) {
    if (has_line_starting(head, "[program:", false)) return format::supervisord;
    return std::nullopt;
  }
  if (lname.ends_with(".sh") || lname.ends_with(".bash") || lname == "entrypoint" ||
      lname == "docker-entrypoint" || has_shell_shebang(head))
    return format::shell;
  return std::nullopt;
}

launch_file read_launch_file(std::string_view text, std::string display_path, format f,
                             const read_options& options) {
  const std::string path = display_path;
  try {
    switch (f) {
      case format::dockerfile:
        return detail::read_dockerfile(text, std::move(display_path), options);
      case format::shell:
        return detail::read_shell_script(text, std::move(display_path), options);
      case format::procfile:
        return detail::read_procfile(text, std::move(display_path), options);
      case format::systemd:
        return detail::read_systemd_unit(text, std::move(display_path), options);
      case format::supervisord:
        return detail::read_supervisord(text, std::move(display_path), options);
      case format::compose:
        return detail::read_compose(text, std::move(display_path), options);
      case format::kubernetes:
        return detail::read_kubernetes(text, std::move(display_path), options);
    }
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Nothing above should throw; if it does, the file is reported, not the program stopped.
    launch_file out;
    out.path = path;
    out.from = f;
    out.complete = false;
    source_location where;
    where.file = out.path;
    out.findings.push_back(make_finding(
        "CP001", fmt::format("internal error while reading the launch file: {}", e.what()), where,
        "launch-file"));
    return out;
  }
  return {};
}

}  // namespace connplan::launchfiles

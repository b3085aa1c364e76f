#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "postgres/loader.hpp"

namespace connplan::postgres::detail {
namespace {

namespace fs = std::filesystem;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The text PostgreSQL's %m would print for a failed fopen().
std::string errno_text(read_failure_kind kind, const std::string& message) {
  switch (kind) {
    case read_failure_kind::missing:
      return "No such file or directory";
    case read_failure_kind::unreadable:
      return message == "permission denied" ? "Permission denied" : message;
    default:
      return message;
  }
}

class reader {
 public:
  reader(const inspect_options& options, read_result& out) : options_(options), out_(out) {}

  // ParseConfigFile: `calling` is the absolute path of the including file (empty at top level).
  bool read_file(const std::string& written, bool strict, const fs::path& calling,
                 const std::optional<source_location>& where, int depth) {
    if (all_blank(written)) {
      fail("CP005", fmt::format("empty configuration file name: \"{}\"", written), where);
      return false;
    }
    if (depth > max_include_depth) {
      fail("CP006",
           fmt::format("could not open configuration file \"{}\": maximum nesting depth exceeded",
                       written),
           where);
      return false;
    }
    const fs::path path = absolute_location(written, calling);
    const std::string shown = options_.root.display(path);
    // Direct recursion only; a longer loop ends at the depth limit (guc-file.l says so).
    if (!calling.empty() && path == calling) {
      fail("CP006",
           fmt::format("configuration file recursion in \"{}\"", options_.root.display(calling)),
           where);
      return false;
    }
    if (depth > 0 && !options_.root.may_read(path)) {
      outside(shown, where);
      return true;
    }
    auto result = options_.reader(path, options_.limits);
    if (auto* failure = std::get_if<read_failure>(&result)) {
      const bool open_failed = failure->kind == read_failure_kind::missing ||
                               failure->kind == read_failure_kind::unreadable;
      if (!strict && open_failed) {
        // include_if_exists: PostgreSQL only logs "skipping missing configuration file"; an
        // optional file that is absent is what the directive is for, so it is not a finding
        // (docs/decisions.md).
        return true;
      }
      const std::string code = failure->kind == read_failure_kind::too_large ? "CP006" : "CP005";
      std::string message = open_failed
                                ? fmt::format("could not open configuration file \"{}\": {}", shown,
                                              errno_text(failure->kind, failure->message))
                                : fmt::format("could not read configuration file \"{}\": {}", shown,
                                              failure->message);
      fail(code, std::move(message), where, shown);
      return false;
    }
    const std::string& text = std::get<std::string>(result);
    out_.files_read.push_back(shown);
    parse_result parsed = parse(text, shown);
    if (!parsed.accepted()) {
      out_.accepted = false;
      out_.complete = false;
    }
    for (auto& f : parsed.findings) out_.findings.push_back(std::move(f));
    bool ok = parsed.accepted();
    for (auto& entry : parsed.entries) {
      // ParseConfigFp: include directives are not variables and are processed at once.
      if (iequals(entry.name, "include_dir")) {
        ok = read_directory(entry.value, path, entry.value_location, depth + 1) && ok;
      } else if (iequals(entry.name, "include_if_exists")) {
        ok = read_file(entry.value, false, path, entry.value_location, depth + 1) && ok;
      } else if (iequals(entry.name, "include")) {
        ok = read_file(entry.value, true, path, entry.value_location, depth + 1) && ok;
      } else {
        out_.occurrences.push_back(std::move(entry));
      }
    }
    return ok;
  }

  // ParseConfigDirectory: files ending in ".conf", not starting with ".", not directories, in
  // strcmp order; the first file that fails stops the directory.
  bool read_directory(const std::string& written, const fs::path& calling,
                      const source_location& where, int depth) {
    if (all_blank(written)) {
      fail("CP005", fmt::format("empty configuration directory name: \"{}\"", written), where);
      return false;
    }
    const fs::path dir = absolute_location(written, calling);
    const std::string shown = options_.root.display(dir);
    if (!options_.root.may_read(dir)) {
      outside(shown, where);
      return true;
    }
    std::error_code ec;
    std::vector<std::string> names;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      const bool missing = ec == std::errc::no_such_file_or_directory;
      fail("CP005",
           fmt::format("could not open configuration directory \"{}\": {}", shown,
                       missing ? "No such file or directory" : ec.message()),
           where, shown);
      return false;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      std::string name = it->path().filename().string();
      if (name.size() < 6 || name.front() == '.' || !name.ends_with(".conf")) continue;
      std::error_code type_ec;
      auto status = fs::status(it->path(), type_ec);  // stat(): follows symlinks
      if (type_ec) {
        fail("CP005",
             fmt::format("could not stat file \"{}\": {}", options_.root.display(it->path()),
                         type_ec.message()),
             where);
        return false;
      }
      if (!fs::is_directory(status)) names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());  // char_traits<char>::compare: bytewise, as strcmp
    for (const auto& name : names) {
      if (!read_file((dir / name).string(), true, calling, where, depth)) return false;
    }
    return true;
  }

 private:
  // AbsoluteConfigLocation + canonicalize_path: relative to the including file's directory.
  static fs::path absolute_location(const std::string& written, const fs::path& calling) {
    fs::path p(written);
    if (p.is_absolute() || calling.empty()) return p.lexically_normal();
    fs::path joined = (calling.parent_path() / p).lexically_normal();
    // canonicalize_path drops a trailing separator.
    std::string s = joined.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return fs::path(s);
  }

  void fail(std::string_view code, std::string message, const std::optional<source_location>& where,
            const std::string& identity = {}) {
    out_.findings.push_back(make_finding(code, std::move(message), where,
                                         identity.empty() ? std::string(code) : identity));
    out_.accepted = false;
    out_.complete = false;
  }

  void outside(const std::string& shown, const std::optional<source_location>& where) {
    auto f = make_finding(
        "CP007", fmt::format("configuration file \"{}\" is outside the project root", shown), where,
        "include:" + shown);
    f.notes.push_back(
        "it was not read: the values it may set are unknown, and every value decided before it "
        "is shown as unknown (--allow-outside-root reads it)");
    out_.findings.push_back(std::move(f));
    out_.unread.push_back({out_.occurrences.size(), shown, "outside the project root"});
    out_.complete = false;
  }

  const inspect_options& options_;
  read_result& out_;
};

}  // namespace

read_result read_configuration(const fs::path& main, const inspect_options& options) {
  read_result out;
  reader r(options, out);
  std::error_code ec;
  fs::path abs = fs::absolute(main, ec).lexically_normal();
  if (ec) abs = main;
  (void)r.read_file(abs.string(), true, {}, std::nullopt, 0);
  // ProcessConfigFileInternal reads postgresql.auto.conf (ALTER SYSTEM's file) after the main
  // file; PostgreSQL finds it in the data directory, connplan beside the main file.
  const fs::path autoconf = abs.parent_path() / "postgresql.auto.conf";
  if (abs.filename() != "postgresql.auto.conf" && fs::exists(autoconf, ec)) {
    (void)r.read_file(autoconf.string(), false, {}, std::nullopt, 0);
  }
  return out;
}

}  // namespace connplan::postgres::detail

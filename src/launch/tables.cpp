#include "launch/tables.hpp"

#include <algorithm>
#include <map>

namespace connplan::launch::detail {

#include "launch/argparse_tables.inc"
#include "launch/click_tables.inc"

std::vector<std::string_view> split_bar(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto bar = s.find('|');
    out.push_back(s.substr(0, bar));
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
  return out;
}

const std::vector<std::string>& gunicorn_known_versions() {
  static const std::vector<std::string> v = {"20.1", "21.0", "22.0", "23.0"};
  return v;
}

const std::vector<std::string>& celery_known_versions() {
  static const std::vector<std::string> v = {"5.2", "5.3", "5.4", "5.5", "5.6"};
  return v;
}

std::span<const argparse_option> gunicorn_table(std::string_view version) {
  if (version == "20.1") return gunicorn_20_1;
  if (version == "21.0") return gunicorn_21_0;
  if (version == "22.0") return gunicorn_22_0;
  return gunicorn_23_0;
}

std::span<const argparse_option> daphne_table() {
  return daphne_4_0;
}

const std::vector<click_param>& uvicorn_table() {
  static const std::vector<click_param> table = [] {
    std::vector<click_param> t(std::begin(uvicorn_0_35), std::end(uvicorn_0_35));
    for (const auto& p : uvicorn_0_17) {
      if (std::none_of(t.begin(), t.end(), [&](const click_param& q) { return q.name == p.name; }))
        t.push_back(p);
    }
    return t;
  }();
  return table;
}

namespace {

bool at_least(std::string_view version, std::string_view since) {
  // "5.10" does not exist; single-digit minors compare as strings.
  return version >= since;
}

std::vector<click_param> with_deltas(std::span<const click_param> base, std::string_view version,
                                     std::string_view command) {
  std::vector<click_param> t(base.begin(), base.end());
  if (command == "celery" && at_least(version, "5.3")) {
    // celery/bin/celery.py @ v5.3.0: `@click.option('--skip-checks', envvar='SKIP_CHECKS',
    // is_flag=True, …)`.
    t.push_back({"skip_checks", false, "--skip-checks", "", true, false, click_type::bool_, "",
                 "SKIP_CHECKS", "false"});
  }
  if (command == "worker" && at_least(version, "5.4")) {
    // celery/bin/worker.py @ v5.4.0: `@click.option('-O', '--optimization', …)`.
    for (auto& p : t)
      if (p.name == "optimization") p.opts = "-O|--optimization";
  }
  if (command == "worker" && at_least(version, "5.6")) {
    // celery/bin/worker.py @ v5.6.0: `@click.option('--disable-prefetch', is_flag=True,
    // default=None, …)`.
    t.push_back({"disable_prefetch", false, "--disable-prefetch", "", true, false,
                 click_type::bool_, "", "", ""});
  }
  return t;
}

// Every (command, version) pair built once, before any caller can race on it.
const std::vector<click_param>& cached(std::string_view version, std::string_view command) {
  static const std::map<std::string, std::vector<click_param>, std::less<>> all = [] {
    std::map<std::string, std::vector<click_param>, std::less<>> m;
    for (const auto& v : celery_known_versions()) {
      m.emplace("celery@" + v, with_deltas(celery_5_2_celery, v, "celery"));
      m.emplace("worker@" + v, with_deltas(celery_5_2_worker, v, "worker"));
      m.emplace("beat@" + v, with_deltas(celery_5_2_beat, v, "beat"));
    }
    return m;
  }();
  const auto key = std::string(command) + "@" + std::string(version);
  const auto it = all.find(key);
  if (it != all.end()) return it->second;
  return all.find(std::string(command) + "@" + celery_known_versions().back())->second;
}

}  // namespace

const std::vector<click_param>& celery_group_table(std::string_view version) {
  return cached(version, "celery");
}
const std::vector<click_param>& celery_worker_table(std::string_view version) {
  return cached(version, "worker");
}
const std::vector<click_param>& celery_beat_table(std::string_view version) {
  return cached(version, "beat");
}

}  // namespace connplan::launch::detail

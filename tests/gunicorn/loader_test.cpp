// The gunicorn model end to end: fixtures/gunicorn/*.py through the evaluator and the validators.
#include <gtest/gtest.h>

#include <algorithm>

#include "connplan/error.hpp"
#include "connplan/gunicorn.hpp"

namespace connplan::gunicorn {
namespace {

namespace fs = std::filesystem;

const fs::path fixtures = fs::path(CONNPLAN_SOURCE_DIR) / "fixtures" / "gunicorn";

config load_fixture(const std::string& name, std::string version = "20.1",
                    std::map<std::string, std::string> env = {},
                    std::optional<int> cpus = std::nullopt) {
  inspect_options o;
  o.root.dir = fixtures;
  o.gunicorn_version = std::move(version);
  o.env = std::move(env);
  o.cpus = cpus;
  return load(fixtures / name, o);
}

std::vector<const finding*> with_code(const config& c, std::string_view code) {
  std::vector<const finding*> out;
  for (const auto& f : c.diagnostics) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

std::vector<std::string> ignored(const config& c) {
  std::vector<std::string> out;
  for (const auto& n : c.ignored) out.push_back(n.name);
  return out;
}

TEST(GunicornLoader, UnknownVersionIsAUsageError) {
  EXPECT_THROW((void)load_fixture("gthread_switch.py", "19.9"), connplan::error);
}

TEST(GunicornLoader, EverySettingOfTheVersionIsPresent) {
  auto c = load_fixture("gthread_switch.py", "22.0");
  EXPECT_EQ(c.version, "22.0");
  EXPECT_EQ(c.settings.size(), 92u);
  EXPECT_TRUE(c.settings.contains("header_map"));
  EXPECT_EQ(load_fixture("gthread_switch.py", "").version, "23.0");
}

// tool-behaviour.md gunicorn 20.1 items 3–5 (int(val, 0), bools as ints, bool strings, bind list).
TEST(GunicornLoader, ValidatorsConvertValues) {
  auto c = load_fixture("validators.py");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(c.settings.at("bind").value, nlohmann::json::array({"0.0.0.0:8000"}));
  EXPECT_EQ(c.settings.at("timeout").value, 30);
  EXPECT_EQ(c.settings.at("graceful_timeout").value, 45);
  EXPECT_EQ(c.workers.value, 1);
  EXPECT_EQ(c.threads.value, 4);
  EXPECT_EQ(c.preload_app.value, true);
  EXPECT_EQ(c.settings.at("raw_env").value.size(), 2u);
  EXPECT_EQ(c.settings.at("forwarded_allow_ips").value,
            nlohmann::json::array({"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(c.settings.at("statsd_host").value, nlohmann::json::array({"localhost", 8125}));
  EXPECT_EQ(c.max_requests.value, 1000);
  EXPECT_EQ(c.max_requests_jitter.value, 3);
  EXPECT_EQ(c.settings.at("keepalive").value, 7);
  EXPECT_EQ(c.settings.at("umask").value, 18);
  EXPECT_EQ(c.settings.at("loglevel").value, "debug");
  ASSERT_EQ(c.timeout.origin.kind, source_kind::file);
  EXPECT_EQ(c.timeout.origin.location.begin.line, 3u);
  EXPECT_TRUE(with_code(c, "CP001").empty());
}

// domain.md §1.3: "A known name with an invalid value aborts startup: prints `Invalid value for
// <name>: <value>`".
TEST(GunicornLoader, InvalidValuesAreErrors) {
  struct expectation {
    const char* file;
    const char* message;
  };
  for (const auto& [file, message] :
       {expectation{"invalid_float.py",
                    "invalid value for workers: 2.5 (gunicorn refuses to start: int() can't "
                    "convert non-string with explicit base)"},
        expectation{"invalid_octal_string.py",
                    "invalid value for backlog: 010 (gunicorn refuses to start: invalid literal "
                    "for int() with base 0: '010')"},
        expectation{"invalid_bool_int.py",
                    "invalid value for preload_app: 1 (gunicorn refuses to start: Invalid type "
                    "for casting: 1)"},
        expectation{"invalid_negative.py",
                    "invalid value for max_requests: -5 (gunicorn refuses to start: Value must "
                    "be positive: -5)"},
        expectation{"invalid_hook_arity.py",
                    "invalid value for post_fork: <function post_fork> (gunicorn refuses to "
                    "start: Value must have an arity of: 2)"}}) {
    auto c = load_fixture(file);
    EXPECT_FALSE(c.accepted) << file;
    auto errors = with_code(c, "CP001");
    ASSERT_EQ(errors.size(), 1u) << file;
    EXPECT_EQ(errors.front()->message, message);
    ASSERT_TRUE(errors.front()->location);
    EXPECT_GE(errors.front()->location->begin.line, 1u);
    // The refused value is not a CP002 as well.
    EXPECT_TRUE(with_code(c, "CP002").empty()) << file;
  }
}

// tool-behaviour.md gunicorn 20.1 item 2.
TEST(GunicornLoader, GthreadSwitch) {
  auto c = load_fixture("gthread_switch.py");
  EXPECT_EQ(c.worker_class.value, "sync");
  EXPECT_EQ(c.worker_class_effective.value, "gthread");
  EXPECT_EQ(load_fixture("sync_one_thread.py").worker_class_effective.value, "sync");
  EXPECT_EQ(load_fixture("sync_worker_path.py").worker_class_effective.value, "gthread");
}

TEST(GunicornLoader, AliasesAndDottedPaths) {
  auto g = load_fixture("gevent_alias.py");
  EXPECT_EQ(g.worker_class.value, "gevent_pywsgi");
  EXPECT_EQ(g.worker_class_effective.value, "gevent");
  EXPECT_EQ(g.worker_connections.value, 500);
  auto u = load_fixture("dotted_worker.py");
  EXPECT_EQ(u.worker_class_effective.value, "uvicorn.workers.UvicornWorker");
}

// tool-behaviour.md gunicorn 20.1 item 6: "`workers` = `$WEB_CONCURRENCY` (else 1), `bind` =
// `0.0.0.0:$PORT` if `PORT` is set (else `127.0.0.1:8000`)".
TEST(GunicornLoader, EnvironmentDependentDefaults) {
  auto bare = load_fixture("env_defaults.py");
  EXPECT_EQ(bare.workers.value, 1);
  EXPECT_EQ(bare.workers.origin.kind, source_kind::default_value);
  EXPECT_EQ(bare.bind.value, nlohmann::json::array({"127.0.0.1:8000"}));
  auto env = load_fixture("env_defaults.py", "20.1", {{"WEB_CONCURRENCY", "5"}, {"PORT", "9000"}});
  EXPECT_EQ(env.workers.value, 5);
  EXPECT_EQ(env.workers.origin.kind, source_kind::env);
  EXPECT_EQ(env.workers.origin.detail, "WEB_CONCURRENCY");
  EXPECT_EQ(env.bind.value, nlohmann::json::array({"0.0.0.0:9000"}));
  EXPECT_EQ(env.settings.at("chdir").status, value_status::unknown);
  EXPECT_EQ(load_fixture("env_defaults.py", "23.0").settings.at("forwarded_allow_ips").value,
            nlohmann::json::array({"127.0.0.1", "::1"}));
}

TEST(GunicornLoader, EnvironmentLookupsWithDefaults) {
  auto c = load_fixture("env_workers.py");
  EXPECT_EQ(c.workers.value, 3);
  EXPECT_EQ(c.threads.value, 2);
  EXPECT_EQ(c.worker_class_effective.value, "gthread");
  auto e = load_fixture("env_workers.py", "20.1", {{"GUNICORN_WORKERS", "0x10"}});
  EXPECT_EQ(e.workers.status, value_status::unknown);  // int("0x10") raises in the file itself
}

// CP002: only for the values that matter to connections, and not when they are resolved.
TEST(GunicornLoader, UnresolvedWorkersIsCp002) {
  auto c = load_fixture("env_unset.py");
  EXPECT_EQ(c.workers.status, value_status::unknown);
  auto warnings = with_code(c, "CP002");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings.front()->message.find("workers"), std::string::npos);
  EXPECT_NE(warnings.front()->message.find("--env"), std::string::npos);
  EXPECT_EQ(warnings.front()->location->begin.line, 4u);

  auto resolved = load_fixture("env_unset.py", "20.1", {{"APP_WORKERS", "6"}});
  EXPECT_EQ(resolved.workers.value, 6);
  EXPECT_TRUE(with_code(resolved, "CP002").empty());
}

// domain.md §8 item 13a: the worker count depends on the CPU count seen at run time.
TEST(GunicornLoader, CpuCountNeedsAnAssumption) {
  auto c = load_fixture("cpu_workers.py");
  EXPECT_EQ(c.workers.status, value_status::unknown);
  ASSERT_EQ(with_code(c, "CP002").size(), 1u);
  EXPECT_NE(with_code(c, "CP002").front()->message.find("--assume cpus=N"), std::string::npos);
  auto four = load_fixture("cpu_workers.py", "20.1", {}, 4);
  EXPECT_EQ(four.workers.value, 9);
  EXPECT_TRUE(with_code(four, "CP002").empty());
  EXPECT_TRUE(four.ignored.empty());  // `cpu` is a helper read by `workers`
}

TEST(GunicornLoader, HooksAreCallablesShownByName) {
  auto c = load_fixture("hooks.py");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(c.settings.at("on_starting").value, "on_starting");
  EXPECT_EQ(c.settings.at("worker_int").value, "on_starting");
  EXPECT_EQ(c.settings.at("post_request").value, "post_request");
  EXPECT_EQ(c.settings.at("post_fork").value, "Postfork.post_fork");  // the default's qualname
  EXPECT_EQ(c.settings.at("post_fork").origin.kind, source_kind::default_value);
}

TEST(GunicornLoader, BranchesGiveAlternativesWithTheWorstCase) {
  auto c = load_fixture("conditional.py");
  EXPECT_EQ(c.workers.status, value_status::alternatives);
  EXPECT_EQ(c.workers.value, 8);
  EXPECT_EQ(c.worker_class.status, value_status::alternatives);
  EXPECT_EQ(c.worker_class_effective.value, "gevent");
  auto high = load_fixture("conditional.py", "20.1", {{"HIGH_LOAD", "1"}});
  EXPECT_EQ(high.workers.value, 8);
  EXPECT_EQ(high.workers.status, value_status::known);
}

// tool-behaviour.md gunicorn 20.1 item 1: "Unknown names are ignored silently, including case
// variants (`WORKERS`) and typos (`worker`); imports and helper functions are ignored too".
TEST(GunicornLoader, IgnoredNamesAreCp301) {
  auto c = load_fixture("ignored_names.py", "20.1", {}, 2);
  EXPECT_EQ(ignored(c),
            (std::vector<std::string>{"WORKERS", "worker", "max_request", "max_worker_age"}));
  auto warnings = with_code(c, "CP301");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0]->message,
            "gunicorn ignores `WORKERS`: setting names are lower-case; did you mean `workers`?");
  EXPECT_EQ(warnings[1]->message,
            "gunicorn ignores `worker`: it is not a setting; did you mean `workers`?");
  EXPECT_EQ(warnings[2]->location->begin.line, 10u);
  EXPECT_EQ(warnings[3]->message, "gunicorn ignores `max_worker_age`: it is not a setting");
  EXPECT_EQ(c.ignored[3].did_you_mean, std::nullopt);
  // The helper `log_dir` (read by the hook and by accesslog) is applied nowhere and not reported.
  EXPECT_EQ(c.settings.at("accesslog").value, "/var/log/app/access.log");
  EXPECT_EQ(c.settings.at("post_fork").value, "post_fork");
  EXPECT_EQ(c.workers.value, 3);
}

TEST(GunicornLoader, NoCp301ForACleanFile) {
  auto c = load_fixture("validators.py");
  EXPECT_TRUE(c.ignored.empty());
  EXPECT_TRUE(with_code(c, "CP301").empty());
}

TEST(GunicornLoader, SettingsOfAnotherReleaseAreNamed) {
  auto old = load_fixture("newer_setting.py", "20.1");
  auto warnings = with_code(old, "CP301");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0]->message,
            "gunicorn 20.1 ignores `header_map`: it is a setting only from gunicorn 22.0");
  auto current = load_fixture("newer_setting.py", "23.0");
  EXPECT_TRUE(with_code(current, "CP301").empty());
  EXPECT_EQ(current.settings.at("header_map").value, "refuse");
}

}  // namespace
}  // namespace connplan::gunicorn

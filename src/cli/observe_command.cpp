// `connplan observe [PATH] --dsn …` (issue 8; CONTRACTS §2, §6 "observe", §10): the plan of PATH
// held against a running PostgreSQL (and PgBouncer), read-only, once or every --watch seconds.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "app/document.hpp"
#include "app/observe_run.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/project_request.hpp"
#include "connplan/error.hpp"
#include "connplan/redact.hpp"
#include "observe/observe_json.hpp"
#include "observe/observe_text.hpp"

namespace connplan::cli {

namespace {

struct observe_args {
  std::string path = ".";
  std::string dsn;
  std::string server;
  std::string pgbouncer_dsn;
  double idle_after = 60;
  double watch = 0;
  std::string format = "text";
  std::string fail_level;
  bool exit_zero = false;
  std::vector<std::string> select, ignore, extend_select;
  version_args versions;
  environment_args environment;
  root_args root;
};

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int) {
  stop_requested = 1;
}

// SIGINT/SIGTERM end a --watch between two rounds, so the terminal is restored and the last
// document is whole; the previous handlers come back when the watch ends.
class stop_signals {
 public:
  stop_signals() {
    stop_requested = 0;
    old_int_ = std::signal(SIGINT, request_stop);
    old_term_ = std::signal(SIGTERM, request_stop);
  }
  ~stop_signals() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }
  stop_signals(const stop_signals&) = delete;
  stop_signals& operator=(const stop_signals&) = delete;

 private:
  void (*old_int_)(int) = SIG_DFL;
  void (*old_term_)(int) = SIG_DFL;
};

// A live table redraws in place: cursor home, the table, clear to the end of the screen (no full
// clear, so no flicker); the cursor is hidden meanwhile and shown again at the end.
class live_terminal {
 public:
  explicit live_terminal(bool active) : active_(active) {
    if (active_) fmt::print("\x1b[?25l\x1b[2J");
  }
  ~live_terminal() {
    if (active_) fmt::print("\x1b[?25h");
    std::fflush(stdout);
  }
  live_terminal(const live_terminal&) = delete;
  live_terminal& operator=(const live_terminal&) = delete;
  void draw(const std::string& text) const {
    if (active_)
      fmt::print("\x1b[H{}\x1b[J", text);
    else
      fmt::print("{}\n", text);
    std::fflush(stdout);
  }

 private:
  bool active_;
};

engine::fail_level fail_level_for(const observe_args& args) {
  if (args.exit_zero) return engine::fail_level::never;
  if (args.fail_level.empty()) return engine::fail_level::warning;  // CONTRACTS §2
  return *engine::parse_fail_level(args.fail_level);
}

std::string text_of(const observe_round& round, const std::string& dsn) {
  // The DSN is echoed only redacted (CONTRACTS §9).
  std::string head = fmt::format(
      "observing {}\n", dsn.empty() ? "the libpq defaults (PG* variables)" : redact_secrets(dsn));
  return head + observe::render_text(round.observation, round.findings);
}

int run(const observe_args& args, CLI::App& sub) {
  check_request request = project_request(args, sub);
  const observe_setup setup = prepare_observe(request, args.server, args.idle_after);
  const auto& root = request.options.base.root;
  const std::optional<std::string> pgbouncer_dsn =
      sub.count("--pgbouncer-dsn") > 0 ? std::optional(args.pgbouncer_dsn) : std::nullopt;
  observe::peaks running;
  auto json_of = [&](const observe_round& round) {
    nlohmann::json doc = document_header("observe", root);
    doc.update(observe::to_json(round.observation, round.findings));
    return doc;
  };

  if (args.watch <= 0) {
    observe_round round = observe_once(setup, args.dsn, pgbouncer_dsn, running);
    if (args.format == "json")
      fmt::print("{}\n", json_of(round).dump(2));
    else
      fmt::print("{}", text_of(round, args.dsn));
    return engine::exit_code(round.findings, fail_level_for(args));
  }

  stop_signals signals;
  const bool json = args.format == "json";
  live_terminal terminal(!json && isatty(STDOUT_FILENO) == 1);
  std::vector<finding> last;
  const auto period = std::chrono::milliseconds(static_cast<long long>(args.watch * 1000));
  while (stop_requested == 0) {
    const auto started = std::chrono::steady_clock::now();
    observe_round round = observe_once(setup, args.dsn, pgbouncer_dsn, running);
    if (json) {
      // JSON Lines: one whole document per line (CONTRACTS §6).
      fmt::print("{}\n", json_of(round).dump());
      std::fflush(stdout);
    } else {
      terminal.draw(text_of(round, args.dsn));
    }
    last = std::move(round.findings);
    while (stop_requested == 0 && std::chrono::steady_clock::now() - started < period)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return engine::exit_code(last, fail_level_for(args));
}

}  // namespace

command_runner setup_observe(CLI::App& sub) {
  auto args = std::make_shared<observe_args>();
  sub.add_option("path", args->path, "the project directory (default: the current directory)");
  sub.add_option("--dsn", args->dsn,
                 "libpq connection string or URI of the server (default: PG* variables)");
  sub.add_option("--server", args->server, "which planned server the DSN is (default: the first)");
  sub.add_option("--pgbouncer-dsn", args->pgbouncer_dsn,
                 "the PgBouncer admin console (database pgbouncer) in front of the server");
  sub.add_option("--idle-in-transaction-after", args->idle_after,
                 "seconds idle in a transaction before CP903 reports a session (default: 60)")
      ->check(CLI::NonNegativeNumber);
  sub.add_option("--watch", args->watch,
                 "refresh every SECONDS until interrupted (json: one document per line)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--format", args->format, "output format")->check(CLI::IsMember({"text", "json"}));
  sub.add_option("--fail-level", args->fail_level,
                 "exit 1 when a finding is at or above this level (default: warning)")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  sub.add_flag("--exit-zero", args->exit_zero, "exit 0 whatever is found (= --fail-level never)");
  add_selection_options(sub, args->select, args->ignore, args->extend_select);
  add_version_options(sub, args->versions);
  add_environment_options(sub, args->environment);
  add_root_options(sub, args->root);
  return [args, &sub] { return run(*args, sub); };
}

}  // namespace connplan::cli

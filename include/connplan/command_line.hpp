// Command lines that start gunicorn, uvicorn, daphne, celery and Django's manage.py, parsed as
// `sh` and then each program's own option parser would parse them, without running anything.
//
// The launch-file readers (Procfile, Dockerfile, compose, Kubernetes, systemd, supervisord, shell
// scripts) hand every command they find to `parse_command_line`; a `[[service]] command = "…"`
// goes through the same function. Values stay raw strings: the program models convert them with
// their validators later. A value built from an environment variable the caller did not supply is
// unknown, with the variable's name as the reason.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connplan::launch {

// Byte offsets into the text given to parse_command_line, [begin, end). For words that came from
// an `sh -c '…'` string the offsets still point into the outer text.
struct text_span {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const text_span&, const text_span&) = default;
};

// A raw value as the program receives it (after quote removal and parameter expansion).
struct raw_value {
  std::string text;  // known: the value; unknown: the text with the unknown expansions as written
  bool known = true;
  std::string reason;                  // unknown: why ("environment variable X is not set")
  std::vector<std::string> variables;  // unknown: the variables it depends on
  text_span where;
};

// Where a parsed option came from.
enum class flag_origin {
  command_line,       // the command itself
  gunicorn_cmd_args,  // GUNICORN_CMD_ARGS (gunicorn/app/base.py `get_cmd_args_from_env`)
  envvar,             // a click option's environment variable (`CELERY_WORKER_CONCURRENCY`,
                      // `UVICORN_WORKERS`, `APP`), named in `flag::spelling`
};

// One option the program's parser accepted: the last occurrence wins; for an `append` option
// (gunicorn -b/-e, daphne -e) every occurrence is in `items` and `value` is the last one.
struct flag {
  std::string name;      // the program's destination name: "workers", "concurrency", "pool"
  std::string spelling;  // as written: "-w", "--work", "--concurrency"; envvar: the variable
  raw_value value;       // store_true/flags: "true"; store_const: the constant
  std::vector<raw_value> items;
  flag_origin origin = flag_origin::command_line;
  text_span where;  // the option word through its value
};

// A word the parser did not understand, with what the program would do with it.
struct unparsed_word {
  std::string text;
  text_span where;
  std::string reason;
};

enum class program {
  unknown,
  gunicorn,
  uvicorn,
  daphne,
  celery,         // subcommand: worker, beat, multi, flower, ... (empty when none)
  django_manage,  // `python manage.py CMD` / `./manage.py CMD`; subcommand = CMD
  django_admin,   // `django-admin CMD` / `python -m django CMD`; subcommand = CMD
};
[[nodiscard]] std::string_view to_string(program p);

struct env_assignment {
  std::string name;
  raw_value value;
};

// `celery multi start 3 …` / `celery multi start w1 w2 …`: one entry per node, with the options
// that apply to it (celery/apps/multi.py: `-c:1 4` applies to node 1 only).
struct celery_node {
  std::string name;
  std::map<std::string, flag> flags;  // worker option name → flag
};

struct command {
  connplan::launch::program program = program::unknown;
  std::string executable;             // the word that named the program ("/opt/venv/bin/gunicorn",
                                      // "python -m gunicorn.app.wsgiapp", "manage.py")
  std::vector<std::string> wrappers;  // "exec", "newrelic-admin run-program", "sh -c", ...
  std::vector<env_assignment> env;    // prefix assignments (`A=1 cmd`, `env A=1 cmd`)
  std::string subcommand;
  std::optional<raw_value> app;
  std::map<std::string, flag> flags;  // effective flags of the command line (and click envvars)
  std::map<std::string, flag> cmd_args_flags;  // gunicorn: parsed from GUNICORN_CMD_ARGS
  std::optional<raw_value> config;             // gunicorn -c/--config; celery --config
  std::vector<celery_node> nodes;              // celery multi
  std::vector<raw_value> arguments;            // other positional words (celery extra args, ...)
  std::vector<unparsed_word> unparsed;
  // What the real program would print before refusing this command line ("gunicorn: error:
  // unrecognized arguments: --foo"); empty when it would start.
  std::vector<std::string> errors;
  text_span where;   // the whole command (after wrappers and assignments: from the program word)
  std::string text;  // the words of the command, joined by one space (for messages)
};

struct parse_options {
  std::map<std::string, std::string> env;  // variables known to be set (unset: not in the map)
  std::string gunicorn_version;            // "20.1" … "23.0"; empty = newest
  std::string celery_version;              // "5.2" … "5.6"; empty = newest
  std::size_t max_length = 1 << 20;        // longer input is not parsed
  int max_depth = 4;                       // `sh -c` nesting
};

struct parse_result {
  std::vector<command> commands;    // one per `;`/`&&`/`||`/`|`/`&`/newline segment with words
  std::vector<std::string> errors;  // limits exceeded, unterminated quotes (what sh would say)
};

// Never throws (except std::bad_alloc); never runs anything.
[[nodiscard]] parse_result parse_command_line(std::string_view text, const parse_options& options);

// The versions the flag tables know, oldest first.
[[nodiscard]] std::vector<std::string> gunicorn_versions();
[[nodiscard]] std::vector<std::string> celery_versions();

// ---- gunicorn: precedence (domain.md §1.2; gunicorn/app/base.py `Application.load_config`) ----

enum class setting_origin {
  command_line,       // a flag of the command
  gunicorn_cmd_args,  // GUNICORN_CMD_ARGS
  config_file,        // the config file's value (supplied by the caller)
  env_default,        // WEB_CONCURRENCY (workers), PORT (bind), FORWARDED_ALLOW_IPS, SENDFILE
  default_value,      // gunicorn's default
};
[[nodiscard]] std::string_view to_string(setting_origin o);

struct effective_setting {
  raw_value value;               // `bind`: the addresses joined by "," when several
  std::vector<raw_value> items;  // append settings (bind, raw_env): every value
  setting_origin origin = setting_origin::default_value;
  std::string detail;  // the flag spelling, the env variable, or the config path
};

enum class config_origin { command_line, gunicorn_cmd_args, default_file, none };

struct gunicorn_effective {
  std::optional<raw_value> config_path;  // the file gunicorn would load
  config_origin config_from = config_origin::none;
  // Connection-relevant settings, always present: workers, threads, worker_class,
  // worker_connections, max_requests, max_requests_jitter, timeout, graceful_timeout, keepalive,
  // preload_app, bind; plus every other setting a flag, GUNICORN_CMD_ARGS or the config sets.
  std::map<std::string, effective_setting> settings;
};

// `config_settings`: what the config file sets (name → raw string, known or unknown), for the
// file the caller loaded from `config_path` (the caller decides whether ./gunicorn.conf.py exists:
// `default_config_exists`). `env`: the environment the command runs with (the command's own
// assignments are added on top).
[[nodiscard]] gunicorn_effective resolve_gunicorn(
    const command& cmd, const std::map<std::string, std::string>& env,
    const std::map<std::string, raw_value>& config_settings, bool default_config_exists);

// ---- celery worker (domain.md §3.1; celery/bin/worker.py @ v5.2.7) ----

struct celery_worker_effective {
  // Pool name after WorkersPool.convert: an explicit or default `prefork` gives way to a
  // configured worker_pool.
  raw_value pool;
  std::string pool_from;  // "flag", "default", "config"
  // `-c N` with N > 0, else the configured worker_concurrency, else unknown ("cpu count").
  raw_value concurrency;
  std::string concurrency_from;                  // "flag", "config", "cpu_count"
  std::optional<std::pair<int, int>> autoscale;  // (max, min)
  bool beat = false;                             // -B
};

// `config`: worker_pool / worker_concurrency as the Celery config sets them (raw strings).
[[nodiscard]] celery_worker_effective resolve_celery_worker(
    const command& cmd, const std::map<std::string, raw_value>& config);

// ---- uvicorn: processes (domain.md §1.6; uvicorn/config.py `Config.__init__`) ----
struct uvicorn_effective {
  raw_value workers;
  std::string workers_from;  // "flag", "envvar UVICORN_WORKERS", "WEB_CONCURRENCY", "default"
  std::optional<raw_value> limit_concurrency;
};
[[nodiscard]] uvicorn_effective resolve_uvicorn(const command& cmd,
                                                const std::map<std::string, std::string>& env);

}  // namespace connplan::launch

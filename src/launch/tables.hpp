// The option tables of the programs, generated from their own parsers by
// scripts/gen_launch_tables.py (argparse_tables.inc, click_tables.inc), plus the few deltas of
// the releases that are not installed here (written from the upstream sources, cited in place).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace connplan::launch::detail {

// argparse actions (Lib/argparse.py @ 3.11: _StoreAction, _StoreTrueAction, ...).
enum class arg_action { store, store_true, store_false, store_const, append, version, help, count };
enum class arg_type { str, int_, float_, auto_int };

struct argparse_option {
  std::string_view dest;
  std::string_view strings;  // "-w|--workers"; empty for a positional
  arg_action action;
  std::string_view nargs;  // "" (one value), "*", "?"
  arg_type type;
  std::string_view const_value;
};

// click parameter types as the tables need them.
enum class click_type { str, int_, float_, bool_, choice, choice_upper, list, autoscale };

struct click_param {
  std::string_view name;
  bool argument;               // click.Argument (positional)
  std::string_view opts;       // "-c|--concurrency"
  std::string_view secondary;  // "--no-access-log" (flag pairs)
  bool flag;
  bool multiple;
  click_type type;
  std::string_view choices;  // "prefork|eventlet|…"
  std::string_view envvar;   // explicit envvar ("APP"), else empty
  std::string_view default_json;
};

[[nodiscard]] std::vector<std::string_view> split_bar(std::string_view s);

// gunicorn's parser for a catalogue version ("20.1", "21.0", "22.0", "23.0").
[[nodiscard]] std::span<const argparse_option> gunicorn_table(std::string_view version);
[[nodiscard]] std::span<const argparse_option> daphne_table();
// uvicorn: the newest table (0.35) knows every option of 0.17 except the removed `--debug`,
// which is added back so old command lines still parse.
[[nodiscard]] const std::vector<click_param>& uvicorn_table();
// Celery's group options, worker, beat and multi for a version ("5.2" … "5.6").
[[nodiscard]] const std::vector<click_param>& celery_group_table(std::string_view version);
[[nodiscard]] const std::vector<click_param>& celery_worker_table(std::string_view version);
[[nodiscard]] const std::vector<click_param>& celery_beat_table(std::string_view version);

[[nodiscard]] const std::vector<std::string>& gunicorn_known_versions();
[[nodiscard]] const std::vector<std::string>& celery_known_versions();

}  // namespace connplan::launch::detail

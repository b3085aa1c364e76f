// celery's command line: the `celery` click group (celery/bin/celery.py, run by `main()` as
// `celery(auto_envvar_prefix="CELERY")`), its worker/beat commands (celery/bin/worker.py,
// celery/bin/beat.py) and `celery multi` (celery/bin/multi.py, celery/apps/multi.py
// `NamespacedOptionParser`, `MultiParser`) @ v5.2.7 with the deltas to v5.6.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "launch/option_parsers.hpp"
#include "launch/programs.hpp"
#include "launch/tables.hpp"

namespace connplan::launch::detail {

namespace {

// celery/bin/celery.py: `WRONG_APP_OPTION_USAGE_MESSAGE`, shown when -A/--app follows the
// subcommand ("The support for this usage was removed in Celery 5.0").
std::string wrong_app_message(const std::string& option, const std::string& subcommand) {
  return fmt::format(
      "You are using `{0}` as an option of the {1} sub-command: celery {1} {0} celeryapp <...>; "
      "the support for this usage was removed in Celery 5.0. Instead you should use `{0}` as a "
      "global option: celery {0} celeryapp {1} <...>",
      option, subcommand);
}

// Maps a `celery multi` option spelling to the worker option it sets ("-c" → "concurrency").
const click_param* worker_param(const std::vector<click_param>& table, const std::string& opt) {
  for (const auto& p : table)
    for (auto o : split_bar(p.opts))
      if (o == opt) return &p;
  return nullptr;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// Namespaces "1-3", "1,2", "w1" → the node names they cover (celery/apps/multi.py
// `_parse_ns_range`: a range "a-b" of integers, else the name; comma separated).
std::vector<std::string> namespace_nodes(const std::string& ns) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= ns.size()) {
    auto comma = ns.find(',', start);
    if (comma == std::string::npos) comma = ns.size();
    const std::string part = ns.substr(start, comma - start);
    const auto dash = part.find('-');
    if (dash != std::string::npos && all_digits(part.substr(0, dash)) &&
        all_digits(part.substr(dash + 1))) {
      const int a = std::stoi(part.substr(0, dash));
      const int b = std::stoi(part.substr(dash + 1));
      for (int k = a; k <= b && k - a < 10000; ++k) out.push_back(std::to_string(k));
    } else {
      out.push_back(part);
    }
    start = comma + 1;
  }
  return out;
}

void parse_multi(command& cmd, std::span<const word> args, std::string_view version) {
  // NamespacedOptionParser.parse: "--x=y" (long options take a value only after '='), "-x v"
  // (a short option takes the next word unless it starts with '-'), the rest are values.
  struct option_value {
    std::string opt;
    std::string ns;
    raw_value value;
    text_span where;
  };
  std::vector<option_value> options;
  std::vector<const word*> values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const word& w = args[i];
    if (w.text.empty()) continue;
    if (w.text == "--") break;
    if (w.text[0] != '-') {
      values.push_back(&w);
      continue;
    }
    option_value o;
    o.where = w.where;
    std::string name;
    if (w.text.starts_with("--")) {
      const auto eq = w.text.find('=');
      name = w.text.substr(0, eq);
      if (eq != std::string::npos) {
        o.value = w.raw();
        o.value.text = w.text.substr(eq + 1);
      } else {
        o.value = raw_value{"true", true, {}, {}, w.where};
      }
    } else {
      name = w.text;
      if (i + 1 < args.size() && !args[i + 1].text.empty() && args[i + 1].text[0] != '-') {
        o.value = args[i + 1].raw();
        o.where.end = args[i + 1].where.end;
        ++i;
      } else {
        o.value = raw_value{"true", true, {}, {}, w.where};
      }
    }
    if (const auto colon = name.find(':'); colon != std::string::npos) {
      o.ns = name.substr(colon + 1);
      name = name.substr(0, colon);
    }
    o.opt = name;
    options.push_back(std::move(o));
  }
  if (values.empty()) return;
  cmd.subcommand = "multi " + values.front()->text;
  // MultiParser.parse: one value that is an integer N means nodes 1..N named "celery1"…;
  // otherwise every value is a node name.
  std::vector<std::pair<std::string, std::string>> nodes;  // (namespace key, node name)
  if (values.size() == 2 && all_digits(values[1]->text) && values[1]->known) {
    const int count = std::min(std::stoi(values[1]->text.substr(0, 6)), 10000);
    for (int k = 1; k <= count; ++k)
      nodes.emplace_back(std::to_string(k), fmt::format("celery{}", k));
  } else {
    for (std::size_t k = 1; k < values.size(); ++k)
      nodes.emplace_back(values[k]->text, values[k]->text);
  }
  const auto& table = celery_worker_table(version);
  for (const auto& [key, name] : nodes) {
    celery_node node;
    node.name = name;
    for (const auto& o : options) {
      if (!o.ns.empty()) {
        const auto covered = namespace_nodes(o.ns);
        if (std::find(covered.begin(), covered.end(), key) == covered.end()) continue;
      }
      if (o.opt == "-A" || o.opt == "--app") {
        if (!cmd.app) cmd.app = o.value;
        continue;
      }
      const click_param* p = worker_param(table, o.opt);
      flag f;
      f.name = p != nullptr ? std::string(p->name) : o.opt;
      f.spelling = o.opt + (o.ns.empty() ? "" : ":" + o.ns);
      f.value = o.value;
      f.items.assign(1, o.value);
      f.where = o.where;
      // A namespaced option overrides the general one for its nodes.
      auto it = node.flags.find(f.name);
      if (it == node.flags.end() || !o.ns.empty() ||
          it->second.spelling.find(':') == std::string::npos)
        node.flags[f.name] = std::move(f);
    }
    cmd.nodes.push_back(std::move(node));
  }
}

}  // namespace

void parse_celery(command& cmd, std::span<const word> args, const shell_env& env,
                  std::string_view version) {
  click_settings group;
  group.allow_interspersed = false;  // click.Group: options stop at the subcommand
  group.auto_envvar_prefix = "CELERY";
  auto top = parse_click(args, celery_group_table(version), group, env, "celery");
  cmd.errors = std::move(top.errors);
  cmd.unparsed = std::move(top.unparsed);
  if (const auto it = top.flags.find("app"); it != top.flags.end()) cmd.app = it->second.value;
  if (const auto it = top.flags.find("config"); it != top.flags.end())
    cmd.config = it->second.value;
  for (auto& [name, f] : top.flags) cmd.flags.emplace("celery." + name, f);
  if (!cmd.errors.empty() || top.positionals.empty()) return;

  const word& sub = top.positionals.front();
  cmd.subcommand = sub.text;
  const std::span<const word> rest(top.positionals.data() + 1, top.positionals.size() - 1);
  std::vector<click_param> table;
  if (cmd.subcommand == "worker") {
    table = celery_worker_table(version);
  } else if (cmd.subcommand == "beat") {
    table = celery_beat_table(version);
  } else if (cmd.subcommand == "multi") {
    parse_multi(cmd, rest, version);
    return;
  } else {
    // Other subcommands (flower, inspect, purge, shell, …) start no worker: kept as arguments.
    for (const auto& w : rest) cmd.arguments.push_back(w.raw());
    return;
  }
  // Both commands allow extra arguments: "celery worker -- key=value" configuration
  // (celery/bin/worker.py: `app.config_from_cmdline(ctx.args, namespace='worker')`).
  click_settings settings;
  settings.allow_extra_args = true;
  settings.auto_envvar_prefix =
      "CELERY_" + std::string(cmd.subcommand == "worker" ? "WORKER" : "BEAT");
  auto parsed = parse_click(rest, table, settings, env, "celery " + cmd.subcommand);
  auto errors = std::move(parsed.errors);
  if (!errors.empty() && (errors.front().ends_with("No such option: -A") ||
                          errors.front().ends_with("No such option: --app"))) {
    // Celery 4's `celery worker -A proj …`: Celery 5 refuses it, but the rest of the line still
    // says what was meant; parse it without the -A option so the model can show it.
    std::vector<word> without;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i].text == "-A" || rest[i].text == "--app") {
        ++i;
        continue;
      }
      if (rest[i].text.starts_with("--app=")) continue;
      without.push_back(rest[i]);
    }
    auto again = parse_click(without, table, settings, env, "celery " + cmd.subcommand);
    parsed.flags = std::move(again.flags);
    parsed.positionals = std::move(again.positionals);
    for (auto& e : again.errors) errors.push_back(std::move(e));
  }
  for (auto& e : errors) {
    // `-A` after the subcommand: Celery 5 shows its own message, then "No such option".
    for (const std::string opt : {"-A", "--app"}) {
      if (e.ends_with("No such option: " + opt)) {
        e = wrong_app_message(opt, cmd.subcommand) + "; " + e;
        // The intent is clear: keep the app for the model, marked in `unparsed`.
        for (std::size_t i = 0; i < rest.size(); ++i) {
          const bool spaced = rest[i].text == opt && i + 1 < rest.size();
          const bool joined = rest[i].text.starts_with(opt + "=");
          if (!spaced && !joined) continue;
          raw_value v = spaced ? rest[i + 1].raw() : rest[i].raw();
          if (joined) v.text = rest[i].text.substr(opt.size() + 1);
          if (!cmd.app) cmd.app = v;
          break;
        }
      }
    }
    cmd.errors.push_back(std::move(e));
  }
  for (auto& [name, f] : parsed.flags) cmd.flags[name] = std::move(f);
  for (auto& u : parsed.unparsed) cmd.unparsed.push_back(std::move(u));
  for (const auto& w : parsed.positionals) {
    cmd.arguments.push_back(w.raw());
    cmd.unparsed.push_back(
        {w.text, w.where,
         fmt::format("passed to app.config_from_cmdline (namespace {})", cmd.subcommand)});
  }
}

}  // namespace connplan::launch::detail

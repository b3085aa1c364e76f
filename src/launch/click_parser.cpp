// click's command-line parsing as click 8.1.3 does it (click/parser.py `OptionParser`:
// `_process_args_for_options`, `_process_opts`, `_match_long_opt`, `_match_short_opt`,
// `_get_value_from_state`; click/core.py `Command.parse_args`, `Parameter.handle_parse_result`,
// `Option.resolve_envvar_value`). No prefix matching: click has none.
#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {

namespace {

struct option_entry {
  std::string opt;
  const click_param* param;
  bool secondary;  // the `--no-x` half of a boolean flag pair
};

bool is_short(std::string_view opt) {
  return opt.size() == 2 && opt[0] == '-' && opt[1] != '-';
}

std::string param_hint(const click_param& p) {
  std::string out;
  for (auto o : split_bar(p.opts)) {
    if (!out.empty()) out += " / ";
    out += "'" + std::string(o) + "'";
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

class click_run {
 public:
  click_run(const std::vector<click_param>& table, const click_settings& settings,
            const shell_env& env, std::string_view prog)
      : table_(table), settings_(settings), env_(env), prog_(prog) {
    for (const auto& p : table_) {
      if (p.argument) {
        arguments_.push_back(&p);
        continue;
      }
      for (auto o : split_bar(p.opts)) options_.push_back({std::string(o), &p, false});
      for (auto o : split_bar(p.secondary))
        if (!o.empty()) options_.push_back({std::string(o), &p, true});
    }
  }

  parsed_options run(std::span<const word> input) {
    std::vector<word> rargs;
    for (const auto& w : input) {
      if (w.all_arguments) {
        out_.unparsed.push_back({w.text, w.where, w.reason});
        continue;
      }
      rargs.push_back(w);
    }
    std::vector<word> largs;
    std::size_t i = 0;
    // `_process_args_for_options`.
    while (i < rargs.size()) {
      const word& w = rargs[i];
      if (w.text == "--" && w.known) {
        ++i;
        break;
      }
      if (w.text.size() > 1 && w.text[0] == '-') {
        if (!process_opts(rargs, i)) return finish();
        continue;
      }
      if (settings_.allow_interspersed) {
        largs.push_back(w);
        ++i;
        continue;
      }
      break;
    }
    for (; i < rargs.size(); ++i) largs.push_back(rargs[i]);

    if (!settings_.allow_interspersed) {
      // A group: the rest (subcommand first) belongs to the subcommand.
      out_.positionals = std::move(largs);
      apply_envvars();
      return finish();
    }
    // `_process_args_for_args`: arguments in order, the rest are extra arguments.
    std::size_t k = 0;
    for (const auto* a : arguments_) {
      if (k < largs.size()) {
        store(*a, "", largs[k].raw(), largs[k].where, flag_origin::command_line);
        ++k;
      } else {
        error(fmt::format("Missing argument '{}'.", upper(a->name)));
      }
    }
    for (; k < largs.size(); ++k) out_.positionals.push_back(largs[k]);
    apply_envvars();
    if (!out_.positionals.empty() && !settings_.allow_extra_args) {
      std::vector<std::string> words;
      for (const auto& w : out_.positionals) {
        words.push_back(w.text);
        out_.unparsed.push_back({w.text, w.where, "unexpected extra argument"});
      }
      error(fmt::format("Got unexpected extra argument{} ({})", words.size() == 1 ? "" : "s",
                        fmt::join(words, " ")));
    }
    return finish();
  }

 private:
  parsed_options finish() { return std::move(out_); }

  void error(const std::string& message) {
    if (out_.errors.empty()) out_.errors.push_back(fmt::format("{}: Error: {}", prog_, message));
  }

  const option_entry* find(std::string_view opt) const {
    for (const auto& e : options_)
      if (e.opt == opt) return &e;
    return nullptr;
  }

  // `_process_opts`: long match on the text before '=', else short options, else an error.
  bool process_opts(std::vector<word>& rargs, std::size_t& i) {
    const word w = rargs[i];
    const std::string& arg = w.text;
    std::string long_opt = arg;
    std::optional<std::string> explicit_value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      long_opt = arg.substr(0, eq);
      explicit_value = arg.substr(eq + 1);
    }
    const option_entry* e = find(long_opt);
    if (e != nullptr && !is_short(long_opt)) {
      ++i;
      return take(*e, long_opt, explicit_value, w, rargs, i);
    }
    if (arg.substr(0, 2) != "--") return match_short(rargs, i);
    if (settings_.ignore_unknown_options) {
      out_.positionals.push_back(w);
      ++i;
      return true;
    }
    unknown_option(long_opt, w);
    return false;
  }

  void unknown_option(const std::string& opt, const word& w) {
    error(fmt::format("No such option: {}", opt));
    out_.unparsed.push_back({w.text, w.where, out_.errors.back()});
  }

  bool match_short(std::vector<word>& rargs, std::size_t& i) {
    const word w = rargs[i];
    ++i;
    const std::string& arg = w.text;
    std::string unknown;
    for (std::size_t k = 1; k < arg.size(); ++k) {
      const std::string opt = std::string("-") + arg[k];
      const option_entry* e = find(opt);
      if (e == nullptr) {
        if (settings_.ignore_unknown_options) {
          unknown += arg[k];
          continue;
        }
        unknown_option(opt, w);
        return false;
      }
      if (takes_value(*e)) {
        std::optional<std::string> rest;
        if (k + 1 < arg.size()) rest = arg.substr(k + 1);
        return take(*e, opt, rest, w, rargs, i);
      }
      if (!take(*e, opt, std::nullopt, w, rargs, i)) return false;
    }
    if (!unknown.empty()) {
      word u = w;
      u.text = "-" + unknown;
      out_.positionals.push_back(u);
    }
    return true;
  }

  static bool takes_value(const option_entry& e) { return !e.param->flag; }

  bool take(const option_entry& e, const std::string& opt,
            const std::optional<std::string>& inline_value, const word& w, std::vector<word>& rargs,
            std::size_t& i) {
    const click_param& p = *e.param;
    if (!takes_value(e)) {
      if (inline_value && opt.size() > 2) {
        error(fmt::format("Option '{}' does not take a value.", opt));
        out_.unparsed.push_back({w.text, w.where, out_.errors.back()});
        return false;
      }
      store(p, opt, raw_value{e.secondary ? "false" : "true", true, {}, {}, w.where}, w.where,
            flag_origin::command_line);
      return true;
    }
    raw_value v;
    text_span where = w.where;
    if (inline_value) {
      v.text = *inline_value;
      v.known = w.known;
      v.reason = w.reason;
      v.variables = w.variables;
      v.where = w.where;
    } else {
      if (i >= rargs.size()) {
        error(fmt::format("Option '{}' requires an argument.", opt));
        out_.unparsed.push_back({w.text, w.where, out_.errors.back()});
        return false;
      }
      v = rargs[i].raw();
      where = {w.where.begin, std::max(w.where.end, rargs[i].where.end)};
      ++i;
    }
    store(p, opt, v, where, flag_origin::command_line);
    return true;
  }

  // The type conversion of `Parameter.process_value`; an invalid value stops click.
  bool convert(const click_param& p, const raw_value& v) {
    if (!v.known) return true;
    const std::string hint = param_hint(p);
    switch (p.type) {
      case click_type::int_:
        if (!python_int(v.text, false, nullptr)) {
          error(fmt::format("Invalid value for {}: {} is not a valid integer.", hint,
                            python_repr(v.text)));
          return false;
        }
        break;
      case click_type::float_:
        if (!python_float(v.text)) {
          error(fmt::format("Invalid value for {}: {} is not a valid float.", hint,
                            python_repr(v.text)));
          return false;
        }
        break;
      case click_type::bool_: {
        std::string t;
        for (char c : v.text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        static constexpr std::string_view ok[] = {"1", "true",  "t", "yes", "y", "on",
                                                  "0", "false", "f", "no",  "n", "off"};
        if (std::find(std::begin(ok), std::end(ok), t) == std::end(ok)) {
          error(fmt::format("Invalid value for {}: {} is not a valid boolean.", hint,
                            python_repr(v.text)));
          return false;
        }
        break;
      }
      case click_type::choice:
      case click_type::choice_upper: {
        const auto choices = split_bar(p.choices);
        const std::string text = p.type == click_type::choice_upper ? upper(v.text) : v.text;
        if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
          std::vector<std::string> quoted;
          for (auto c : choices) quoted.push_back(python_repr(c));
          error(fmt::format("Invalid value for {}: {} is not one of {}.", hint, python_repr(text),
                            fmt::join(quoted, ", ")));
          return false;
        }
        break;
      }
      case click_type::autoscale: {
        // celery/bin/worker.py `Autoscale.convert`: "N" or "A,B", integers.
        std::vector<std::string> parts;
        std::string cur;
        for (char c : v.text) {
          if (c == ',') {
            parts.push_back(cur);
            cur.clear();
          } else {
            cur += c;
          }
        }
        parts.push_back(cur);
        bool ok = parts.size() <= 2;
        for (const auto& part : parts) ok = ok && python_int(part, false, nullptr);
        if (!ok) {
          error(
              fmt::format("Invalid value for {}: expected one integer or two comma separated "
                          "integers, got {}",
                          hint, python_repr(v.text)));
          return false;
        }
        break;
      }
      default:
        break;
    }
    return true;
  }

  void store(const click_param& p, const std::string& spelling, const raw_value& v, text_span where,
             flag_origin origin) {
    auto& f = out_.flags[std::string(p.name)];
    const bool had = !f.name.empty();
    f.name = std::string(p.name);
    f.spelling = spelling;
    f.origin = origin;
    f.where = where;
    f.value = v;
    if (p.multiple) {
      if (!had) f.items.clear();
      f.items.push_back(v);
    } else {
      f.items.assign(1, v);
    }
  }

  // Values for options not on the command line: the explicit envvar, then
  // `{auto_envvar_prefix}_{NAME}` (click/core.py `Option.resolve_envvar_value`; empty values
  // are ignored), then conversion of every value that was given.
  void apply_envvars() {
    for (const auto& p : table_) {
      if (p.argument || out_.flags.contains(std::string(p.name))) continue;
      std::vector<std::string> names;
      if (!p.envvar.empty()) names.emplace_back(p.envvar);
      if (!settings_.auto_envvar_prefix.empty())
        names.push_back(settings_.auto_envvar_prefix + "_" + upper(p.name));
      for (const auto& n : names) {
        const auto it = env_.find(n);
        if (it == env_.end() || !it->second.exported) continue;
        if (it->second.known && it->second.value.empty()) continue;
        raw_value v;
        v.text = it->second.value;
        v.known = it->second.known;
        v.reason = it->second.reason;
        v.variables = it->second.variables;
        store(p, n, v, {}, flag_origin::envvar);
        break;
      }
    }
    for (const auto& p : table_) {
      const auto it = out_.flags.find(std::string(p.name));
      if (it == out_.flags.end()) continue;
      // A flag given on the command line is already a boolean; from the environment it is
      // converted by BOOL.
      if (p.flag && it->second.origin == flag_origin::command_line) continue;
      for (const auto& item : it->second.items) {
        if (!convert(p, item)) {
          out_.unparsed.push_back({item.text, item.where, out_.errors.back()});
          return;
        }
      }
    }
  }

  const std::vector<click_param>& table_;
  click_settings settings_;
  const shell_env& env_;
  std::string prog_;
  std::vector<option_entry> options_;
  std::vector<const click_param*> arguments_;
  parsed_options out_;
};

}  // namespace

parsed_options parse_click(std::span<const word> args, const std::vector<click_param>& table,
                           const click_settings& settings, const shell_env& env,
                           std::string_view prog) {
  click_run run(table, settings, env, prog);
  return run.run(args);
}

}  // namespace connplan::launch::detail

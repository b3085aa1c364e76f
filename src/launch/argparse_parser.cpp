// argparse as Python 3.11 runs it (Lib/argparse.py: `_parse_optional`, `_get_option_tuples`,
// `_parse_known_args` with its consume_optional / consume_positionals, `parse_args`).
#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {

namespace {

struct option_tuple {
  const argparse_option* action = nullptr;  // nullptr: looks like an option, but no such option
  std::string option_string;
  std::optional<std::string> explicit_arg;
};

struct classified {
  bool is_option = false;
  option_tuple tuple;
};

class argparse_run {
 public:
  argparse_run(std::span<const argparse_option> table, std::string_view prog)
      : table_(table), prog_(prog) {
    for (const auto& a : table_) {
      for (auto s : split_bar(a.strings))
        if (!s.empty()) strings_.push_back({std::string(s), &a});
      if (a.strings.empty()) positionals_.push_back(&a);
    }
  }

  parsed_options run(std::span<const word> input) {
    // "$@" expands to words we cannot see: note it and parse the rest.
    for (const auto& w : input) {
      if (w.all_arguments) {
        out_.unparsed.push_back({w.text, w.where, w.reason});
        continue;
      }
      args_.push_back(w);
    }
    // Classify every word: 'O' (an option string) or 'A' (an argument); '--' makes the rest 'A'.
    std::vector<classified> kinds(args_.size());
    bool rest_positional = false;
    for (std::size_t i = 0; i < args_.size(); ++i) {
      if (rest_positional) continue;
      if (args_[i].text == "--" && args_[i].known) {
        rest_positional = true;
        kinds[i].is_option = false;
        double_dash_.push_back(i);
        continue;
      }
      auto t = parse_optional(args_[i]);
      if (!out_.errors.empty()) return finish();
      if (t) {
        kinds[i].is_option = true;
        kinds[i].tuple = std::move(*t);
      }
    }
    kinds_ = std::move(kinds);

    std::vector<std::size_t> option_indices;
    for (std::size_t i = 0; i < kinds_.size(); ++i)
      if (kinds_[i].is_option) option_indices.push_back(i);

    std::size_t start = 0;
    const std::size_t max_option = option_indices.empty() ? 0 : option_indices.back() + 1;
    while (start < max_option) {
      std::size_t next = args_.size();
      for (auto i : option_indices)
        if (i >= start) {
          next = i;
          break;
        }
      if (start != next) {
        const std::size_t end = consume_positionals(start, next);
        if (end > start) {
          start = end;
          continue;
        }
      }
      if (start < next) {
        for (auto i = start; i < next; ++i) extras_.push_back(i);
        start = next;
      }
      if (start >= args_.size()) break;
      start = consume_optional(start);
      if (!out_.errors.empty() || out_.exits_early) return finish();
    }
    const std::size_t stop = consume_positionals(start, args_.size());
    for (auto i = stop; i < args_.size(); ++i) extras_.push_back(i);

    // Required positionals (nargs None) not seen.
    std::vector<std::string> missing;
    for (const auto* p : positionals_)
      if (p->nargs.empty() && !consumed(p)) missing.emplace_back(p->dest);
    if (!missing.empty()) {
      error(fmt::format("the following arguments are required: {}", fmt::join(missing, ", ")));
      return finish();
    }
    if (!extras_.empty()) {
      std::vector<std::string> words;
      for (auto i : extras_) {
        if (std::find(double_dash_.begin(), double_dash_.end(), i) != double_dash_.end()) continue;
        words.push_back(args_[i].text);
        out_.unparsed.push_back({args_[i].text, args_[i].where,
                                 kinds_[i].is_option
                                     ? fmt::format("{}: error: unrecognized arguments", prog_)
                                     : fmt::format("{}: error: unrecognized arguments (a second "
                                                   "positional group)",
                                                   prog_)});
      }
      if (!words.empty()) error(fmt::format("unrecognized arguments: {}", fmt::join(words, " ")));
    }
    return finish();
  }

 private:
  parsed_options finish() { return std::move(out_); }

  void error(const std::string& message) {
    if (out_.errors.empty()) out_.errors.push_back(fmt::format("{}: error: {}", prog_, message));
  }

  const argparse_option* find_exact(std::string_view s) const {
    for (const auto& [name, a] : strings_)
      if (name == s) return a;
    return nullptr;
  }

  static std::string action_name(const argparse_option& a) {
    if (a.strings.empty()) return std::string(a.dest);
    std::string out;
    for (auto s : split_bar(a.strings)) {
      if (!out.empty()) out += '/';
      out += s;
    }
    return out;
  }

  // Lib/argparse.py `_parse_optional` @ 3.11.
  std::optional<option_tuple> parse_optional(const word& w) {
    const std::string& s = w.text;
    if (s.empty() || s[0] != '-') return std::nullopt;
    if (const auto* a = find_exact(s)) return option_tuple{a, s, std::nullopt};
    if (s.size() == 1) return std::nullopt;
    if (const auto eq = s.find('='); eq != std::string::npos) {
      if (const auto* a = find_exact(s.substr(0, eq)))
        return option_tuple{a, s.substr(0, eq), s.substr(eq + 1)};
    }
    auto tuples = option_tuples(s);
    if (tuples.size() > 1) {
      std::vector<std::string> names;
      for (const auto& t : tuples) names.push_back(t.option_string);
      error(fmt::format("ambiguous option: {} could match {}", s, fmt::join(names, ", ")));
      out_.unparsed.push_back({s, w.where, out_.errors.back()});
      return std::nullopt;
    }
    if (tuples.size() == 1) return tuples.front();
    // A negative number is a positional (no option of these parsers looks like one).
    if (looks_negative_number(s)) return std::nullopt;
    if (s.find(' ') != std::string::npos) return std::nullopt;
    return option_tuple{nullptr, s, std::nullopt};
  }

  static bool looks_negative_number(const std::string& s) {
    // '^-\d+$|^-\d*\.\d+$'
    if (s.size() < 2 || s[0] != '-') return false;
    std::size_t i = 1;
    auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    std::size_t n = 0;
    while (digit(i)) ++i, ++n;
    if (i == s.size()) return n > 0;
    if (s[i] != '.') return false;
    ++i;
    std::size_t m = 0;
    while (digit(i)) ++i, ++m;
    return i == s.size() && m > 0;
  }

  // Lib/argparse.py `_get_option_tuples` @ 3.11 (allow_abbrev=True).
  std::vector<option_tuple> option_tuples(const std::string& s) const {
    std::vector<option_tuple> out;
    if (s.size() >= 2 && s[1] == '-') {
      std::string prefix = s;
      std::optional<std::string> explicit_arg;
      if (const auto eq = s.find('='); eq != std::string::npos) {
        prefix = s.substr(0, eq);
        explicit_arg = s.substr(eq + 1);
      }
      for (const auto& [name, a] : strings_)
        if (name.starts_with(prefix)) out.push_back({a, name, explicit_arg});
    } else {
      const std::string short_prefix = s.substr(0, 2);
      const std::string short_explicit = s.substr(2);
      for (const auto& [name, a] : strings_) {
        if (name == short_prefix)
          out.push_back({a, name, short_explicit});
        else if (name.starts_with(s))
          out.push_back({a, name, std::nullopt});
      }
    }
    return out;
  }

  static bool takes_value(const argparse_option& a) {
    return a.action == arg_action::store || a.action == arg_action::append;
  }

  bool consumed(const argparse_option* p) const {
    return std::find(consumed_.begin(), consumed_.end(), p) != consumed_.end();
  }

  // Converts and stores one value (argparse `_get_values` + the action's __call__).
  void take(const argparse_option& a, const std::string& option_string, const word* value,
            const std::optional<std::string>& explicit_value, text_span where) {
    raw_value v;
    if (value != nullptr) {
      v = value->raw();
    } else if (explicit_value) {
      v.text = *explicit_value;
      v.where = where;
    }
    switch (a.action) {
      case arg_action::store_true:
        v = raw_value{"true", true, {}, {}, where};
        break;
      case arg_action::store_false:
        v = raw_value{"false", true, {}, {}, where};
        break;
      case arg_action::store_const:
        v = raw_value{a.const_value == "False"  ? "false"
                      : a.const_value == "True" ? "true"
                                                : std::string(a.const_value),
                      true,
                      {},
                      {},
                      where};
        break;
      case arg_action::help:
        out_.exits_early = true;
        error("-h/--help prints the help and exits");
        return;
      case arg_action::version:
        out_.exits_early = true;
        error("-v/--version prints the version and exits");
        return;
      default:
        break;
    }
    if (takes_value(a) && v.known && a.type != arg_type::str) {
      std::string text = v.text;
      // gunicorn/config.py `auto_int`: "if re.match(r'0(\d)', x, re.IGNORECASE): x =
      // x.replace('0', '0o', 1)" before int(x, 0), so 022 is octal.
      if (a.type == arg_type::auto_int && text.size() >= 2 && text[0] == '0' &&
          std::isdigit(static_cast<unsigned char>(text[1])) != 0)
        text.insert(1, "o");
      const bool ok = a.type == arg_type::float_
                          ? python_float(text)
                          : python_int(text, a.type == arg_type::auto_int, nullptr);
      if (!ok) {
        const char* type_name = a.type == arg_type::float_     ? "float"
                                : a.type == arg_type::auto_int ? "auto_int"
                                                               : "int";
        error(fmt::format("argument {}: invalid {} value: {}", action_name(a), type_name,
                          python_repr(v.text)));
        out_.unparsed.push_back({v.text, v.where, out_.errors.back()});
        return;
      }
    }
    auto& f = out_.flags[std::string(a.dest)];
    f.name = std::string(a.dest);
    f.spelling = option_string;
    f.origin = flag_origin::command_line;
    f.where = where;
    f.value = v;
    if (a.action == arg_action::append) {
      f.items.push_back(v);
    } else {
      f.items.assign(1, v);
    }
  }

  std::size_t consume_optional(std::size_t start) {
    option_tuple t = kinds_[start].tuple;
    const word& w = args_[start];
    if (t.action == nullptr) {
      extras_.push_back(start);
      return start + 1;
    }
    while (true) {
      const argparse_option& a = *t.action;
      if (t.explicit_arg) {
        const std::size_t count = takes_value(a) ? 1 : 0;
        if (count == 0 && t.option_string.size() > 1 && t.option_string[1] != '-' &&
            !t.explicit_arg->empty()) {
          // `-Dw4`: a flag followed by more short options in the same word.
          take(a, t.option_string, nullptr, std::nullopt, w.where);
          const std::string next = std::string("-") + t.explicit_arg->front();
          const std::string rest = t.explicit_arg->substr(1);
          if (const auto* b = find_exact(next)) {
            t = option_tuple{b, next,
                             rest.empty() ? std::nullopt : std::optional<std::string>(rest)};
            continue;
          }
          error(fmt::format("argument {}: ignored explicit argument {}", action_name(a),
                            python_repr(*t.explicit_arg)));
          return start + 1;
        }
        if (count == 1) {
          take(a, t.option_string, nullptr, *t.explicit_arg, w.where);
          return start + 1;
        }
        error(fmt::format("argument {}: ignored explicit argument {}", action_name(a),
                          python_repr(*t.explicit_arg)));
        return start + 1;
      }
      if (!takes_value(a)) {
        take(a, t.option_string, nullptr, std::nullopt, w.where);
        return start + 1;
      }
      const std::size_t value_index = start + 1;
      if (value_index >= args_.size() || kinds_[value_index].is_option ||
          is_double_dash(value_index)) {
        error(fmt::format("argument {}: expected one argument", action_name(a)));
        out_.unparsed.push_back({w.text, w.where, out_.errors.back()});
        return start + 1;
      }
      const word& v = args_[value_index];
      take(a, t.option_string, &v, std::nullopt,
           {w.where.begin, std::max(w.where.end, v.where.end)});
      return start + 2;
    }
  }

  bool is_double_dash(std::size_t i) const {
    return std::find(double_dash_.begin(), double_dash_.end(), i) != double_dash_.end();
  }

  // The positionals: gunicorn has one `nargs='*'` (`args`), daphne one plain (`application`).
  std::size_t consume_positionals(std::size_t start, std::size_t limit) {
    std::size_t i = start;
    for (const auto* p : positionals_) {
      if (consumed(p)) continue;
      std::vector<std::size_t> taken;
      std::size_t j = i;
      // '--' words are part of the pattern but dropped from the values.
      while (j < limit && !kinds_[j].is_option) {
        if (!is_double_dash(j)) taken.push_back(j);
        ++j;
        if (p->nargs.empty() && !taken.empty()) break;
      }
      if (p->nargs.empty() && taken.empty()) return i;
      consumed_.push_back(p);
      for (auto k : taken) out_.positionals.push_back(args_[k]);
      i = j;
    }
    return i;
  }

  std::span<const argparse_option> table_;
  std::string prog_;
  std::vector<std::pair<std::string, const argparse_option*>> strings_;
  std::vector<const argparse_option*> positionals_;
  std::vector<const argparse_option*> consumed_;
  std::vector<word> args_;
  std::vector<classified> kinds_;
  std::vector<std::size_t> extras_;
  std::vector<std::size_t> double_dash_;
  parsed_options out_;
};

}  // namespace

parsed_options parse_argparse(std::span<const word> args, std::span<const argparse_option> table,
                              std::string_view prog) {
  argparse_run run(table, prog);
  return run.run(args);
}

}  // namespace connplan::launch::detail

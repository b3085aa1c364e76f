// `manage.py CMD …` and `django-admin CMD …` (django/core/management/__init__.py
// `ManagementUtility.execute`: "subcommand = self.argv[1]"; a preliminary parser reads
// --settings and --pythonpath anywhere; runserver's own options in
// django/core/management/commands/runserver.py).
#include "launch/programs.hpp"

namespace connplan::launch::detail {

void parse_django(command& cmd, std::span<const word> args) {
  if (args.empty()) return;
  cmd.subcommand = args.front().text;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const word& w = args[i];
    if (w.all_arguments) {
      cmd.unparsed.push_back({w.text, w.where, w.reason});
      continue;
    }
    auto set = [&](const std::string& name, raw_value v, text_span where) {
      flag f;
      f.name = name;
      f.spelling = w.text.substr(0, w.text.find('='));
      f.value = std::move(v);
      f.items.assign(1, f.value);
      f.where = where;
      cmd.flags[name] = std::move(f);
    };
    bool handled = false;
    for (const std::string name : {"settings", "pythonpath"}) {
      const std::string opt = "--" + name;
      if (w.text == opt && i + 1 < args.size()) {
        set(name, args[i + 1].raw(), {w.where.begin, args[i + 1].where.end});
        ++i;
        handled = true;
      } else if (w.text.starts_with(opt + "=")) {
        raw_value v = w.raw();
        v.text = w.text.substr(opt.size() + 1);
        set(name, v, w.where);
        handled = true;
      }
    }
    if (handled) continue;
    if (cmd.subcommand == "runserver") {
      // runserver: addrport, --noreload, --nothreading, --ipv6/-6, --insecure, --nostatic.
      if (w.text == "--noreload" || w.text == "--nothreading" || w.text == "--ipv6" ||
          w.text == "-6" || w.text == "--insecure" || w.text == "--nostatic") {
        const std::string name = w.text == "-6" ? "ipv6" : w.text.substr(2);
        set(name, raw_value{"true", true, {}, {}, w.where}, w.where);
        continue;
      }
      if (!w.text.starts_with("-") && !cmd.flags.contains("addrport")) {
        set("addrport", w.raw(), w.where);
        continue;
      }
    }
    cmd.arguments.push_back(w.raw());
  }
}

}  // namespace connplan::launch::detail

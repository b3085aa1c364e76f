#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/rule_pages.hpp"
#include "cli/commands.hpp"
#include "connplan/error.hpp"
#include "connplan/rule_table.hpp"

namespace connplan::cli {

namespace {

const rule_page* page_for(std::string_view code) {
  auto pages = rule_pages();
  auto it =
      std::find_if(pages.begin(), pages.end(), [&](const rule_page& p) { return p.code == code; });
  return it == pages.end() ? nullptr : &*it;
}

int list_rules(bool all) {
  // Rules without a page are reserved codes whose rule has not been implemented yet.
  for (const auto& rule : all_rules()) {
    bool implemented = page_for(rule.code) != nullptr;
    if (!implemented && !all) continue;
    fmt::print("{}  {:<45} {:<8} {}{}\n", rule.code, rule.name, to_string(rule.severity),
               rule.summary, implemented ? "" : " (not implemented yet)");
  }
  return 0;
}

int explain(std::string code) {
  std::transform(code.begin(), code.end(), code.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  const rule_info* rule = find_rule(code);
  if (rule == nullptr)
    throw error(fmt::format("unknown rule code \"{}\" (see connplan rules)", code));
  if (const rule_page* page = page_for(code)) {
    fmt::print("{}", page->markdown);
    return 0;
  }
  fmt::print("# {} {}\n\n{} ({}). This code is reserved; its rule is not implemented yet.\n",
             rule->code, rule->name, rule->summary, to_string(rule->severity));
  return 0;
}

}  // namespace

command_runner setup_rules(CLI::App& sub) {
  auto all = std::make_shared<bool>(false);
  sub.add_flag("--all", *all, "also list reserved codes whose rules are not implemented yet");
  return [all] { return list_rules(*all); };
}

command_runner setup_explain(CLI::App& sub) {
  auto code = std::make_shared<std::string>();
  sub.add_option("code", *code, "a rule code such as CP501")->required();
  return [code] { return explain(*code); };
}

}  // namespace connplan::cli

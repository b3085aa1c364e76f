// Each program's command line, from its first argument: gunicorn and daphne (argparse), uvicorn
// and celery (click), Django's manage.py / django-admin.
#pragma once

#include <span>
#include <string_view>

#include "connplan/command_line.hpp"
#include "launch/shell_words.hpp"

namespace connplan::launch::detail {

void parse_gunicorn(command& cmd, std::span<const word> args, const shell_env& env,
                    std::string_view version);
void parse_uvicorn(command& cmd, std::span<const word> args, const shell_env& env);
void parse_daphne(command& cmd, std::span<const word> args);
void parse_celery(command& cmd, std::span<const word> args, const shell_env& env,
                  std::string_view version);
void parse_django(command& cmd, std::span<const word> args);

}  // namespace connplan::launch::detail

// The steps of load_project, in the order it runs them.
#pragma once

#include "model/model_support.hpp"
#include "project/discovery.hpp"

namespace connplan::model_detail {

void load_servers(builder& b, const discovered_files& found);
void load_pgbouncers(builder& b, const discovered_files& found);
void load_services(builder& b, const discovered_files& found);

}  // namespace connplan::model_detail

// PostgreSQL 15's parameters, generated from the real server by scripts/gen_pg_catalogue.py.
#include <limits>

#include "postgres/catalogue_detail.hpp"

namespace connplan::postgres::detail {
namespace {

const parameter pg15[] = {
#include "postgres/catalogue_15.inc"
};

}  // namespace

std::span<const parameter> pg15_parameters() {
  return pg15;
}

}  // namespace connplan::postgres::detail

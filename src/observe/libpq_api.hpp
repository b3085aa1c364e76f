// libpq, loaded when `observe` first needs it instead of linked into the binary. Linking it makes
// every run of connplan (a pre-commit hook, a CI step) map and relocate libpq and the ~20 libraries
// it needs (OpenSSL, Kerberos, LDAP, GnuTLS...): measured here, 4.6 ms of the ~6 ms a do-nothing
// program linked like connplan takes to start, against 0.5 ms for one linked to libc alone. Only
// `observe` talks to a server, so only `observe` pays for it.
#pragma once

#include <libpq-fe.h>

namespace connplan::observe {

// The libpq functions connplan calls, with libpq-fe.h's own signatures.
struct libpq_api {
  decltype(&PQconnectdbParams) connectdb_params;
  decltype(&PQstatus) status;
  decltype(&PQerrorMessage) error_message;
  decltype(&PQfinish) finish;
  decltype(&PQhost) host;
  decltype(&PQport) port;
  decltype(&PQconninfoParse) conninfo_parse;
  decltype(&PQconninfoFree) conninfo_free;
  decltype(&PQfreemem) freemem;
  decltype(&PQexec) exec;
  decltype(&PQresultStatus) result_status;
  decltype(&PQclear) clear;
  decltype(&PQntuples) ntuples;
  decltype(&PQfnumber) fnumber;
  decltype(&PQgetisnull) getisnull;
  decltype(&PQgetvalue) getvalue;
};

// libpq, loaded on the first call (dlopen of its soname, libpq.so.5, as Debian's libpq5 installs
// it, or of the file the environment variable CONNPLAN_LIBPQ names). Throws connplan::error (exit
// 2) naming the library and the loader's reason when it cannot be loaded or lacks a function.
[[nodiscard]] const libpq_api& libpq();

}  // namespace connplan::observe

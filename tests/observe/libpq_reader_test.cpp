#include "observe/libpq_reader.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "connplan/error.hpp"

namespace connplan::observe {
namespace {

// A loopback port nobody listens on: bound, then closed.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return 1;
  }
  close(fd);
  return ntohs(a.sin_port);
}

// Issue 8: "passwords never printed"; CONTRACTS §2: a connection failure is exit 2
// (connplan::error) with a clear message naming host and port.
TEST(libpq_reader, connection_failure_names_host_and_port_never_the_password) {
  const int port = closed_port();
  const std::string dsn =
      "postgresql://app:hunter2-secret@127.0.0.1:" + std::to_string(port) + "/appdb";
  try {
    (void)read_postgres(dsn);
    FAIL() << "expected connplan::error";
  } catch (const connplan::error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("PostgreSQL at 127.0.0.1 port " + std::to_string(port)), std::string::npos)
        << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(libpq_reader, pgbouncer_failure_is_named_as_the_admin_console) {
  const int port = closed_port();
  try {
    (void)read_pgbouncer(
        "host=127.0.0.1 port=" + std::to_string(port) + " dbname=pgbouncer password=hunter2",
        "bouncer");
    FAIL() << "expected connplan::error";
  } catch (const connplan::error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the PgBouncer admin console at 127.0.0.1"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace connplan::observe

#include "output/junit.hpp"

#include <gtest/gtest.h>

#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

TEST(junit, a_suite_per_file_a_failing_case_per_finding) {
  std::string xml = render_junit(testing::sample_findings());
  EXPECT_NE(xml.find("<testsuites name=\"connplan\" tests=\"5\" failures=\"5\" errors=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"gunicorn.conf.py\" tests=\"2\" failures=\"2\" "
                     "errors=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase name=\"CP101 demand-exceeds-capacity\" "
                     "classname=\"deploy/postgresql.conf\" line=\"64\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"error\" message=\"worst-case demand"), std::string::npos);
  EXPECT_EQ(xml.find("timestamp"), std::string::npos);
  EXPECT_EQ(xml.find("time="), std::string::npos);
}

TEST(junit, a_clean_run_is_one_passing_case) {
  std::string xml = render_junit({});
  EXPECT_NE(xml.find("tests=\"1\" failures=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("<testcase name=\"connplan check\" classname=\"connplan\"/>"),
            std::string::npos);
  EXPECT_EQ(xml.find("<failure"), std::string::npos);
}

}  // namespace
}  // namespace connplan::output

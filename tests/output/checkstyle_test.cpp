#include "output/checkstyle.hpp"

#include <gtest/gtest.h>

#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

TEST(checkstyle, files_sorted_errors_escaped_source_prefixed) {
  std::string xml = render_checkstyle(testing::sample_findings());
  EXPECT_EQ(
      xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">", 0), 0U);
  std::size_t root = xml.find("<file name=\".\">");
  std::size_t comma = xml.find("<file name=\"a,b:c/settings.py\">");
  std::size_t deploy = xml.find("<file name=\"deploy/postgresql.conf\">");
  std::size_t gunicorn = xml.find("<file name=\"gunicorn.conf.py\">");
  EXPECT_LT(root, comma);
  EXPECT_LT(comma, deploy);
  EXPECT_LT(deploy, gunicorn);
  EXPECT_NE(xml.find("<error line=\"64\" column=\"1\" severity=\"error\" message=\"worst-case "
                     "demand of 412 connections exceeds the 197 usable slots\" "
                     "source=\"connplan.CP101\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("message=\"password &quot;***&quot; &lt;set&gt; &amp; 100% "
                     "hard-coded&#10;see line 2\""),
            std::string::npos);
  EXPECT_NE(xml.find("<error severity=\"info\" message=\"no known program"), std::string::npos);
}

TEST(checkstyle, no_findings_is_an_empty_report) {
  EXPECT_EQ(render_checkstyle({}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
            "</checkstyle>\n");
}

}  // namespace
}  // namespace connplan::output

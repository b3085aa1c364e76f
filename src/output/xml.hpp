// XML text for Checkstyle and JUnit reports.
#pragma once

#include <string>
#include <string_view>

namespace connplan::output {

// Escapes & < > " ' for attribute values and text; control characters that XML 1.0 forbids
// (everything below 0x20 but tab, LF, CR) and bytes that are not UTF-8 become
// U+FFFD; LF, CR and tab in attributes become
// character references so a parser keeps them (XML 1.0 §3.3.3 attribute-value normalisation).
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace connplan::output

// The source encoding of a Python file, as CPython decides it (PEP 263; Parser/tokenizer.c
// @ v3.11, check_coding_spec / decoding_fgets): UTF-8 unless a coding cookie in the first two
// lines names another encoding; invalid UTF-8 without one is a SyntaxError.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace connplan::python::detail {

// The offset of the first byte that is not part of a valid UTF-8 sequence; nullopt when the
// whole text is valid UTF-8.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The encoding named by a coding cookie (`# -*- coding: latin-1 -*-`, `# vim: set
// fileencoding=cp1252 :`) on line 1 or 2, lower-cased; nullopt when there is none.
[[nodiscard]] std::optional<std::string> coding_cookie(std::string_view text);

// Whether CPython's codec lookup treats `name` as UTF-8 ("utf-8", "utf8", "UTF_8", ...).
[[nodiscard]] bool is_utf8_name(std::string_view name);

// Every byte as the code point of the same value (ISO 8859-1), encoded as UTF-8. Used for files
// that declare a single-byte encoding, so that every string connplan keeps is valid UTF-8.
[[nodiscard]] std::string latin1_to_utf8(std::string_view text);

}  // namespace connplan::python::detail

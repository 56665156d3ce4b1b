// Small text helpers shared by the core and the plugins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace carepack {

// Runs of white space (space, tab, newline, return) made one space, ends trimmed: how XML
// prose and extracted text are compared.
std::string fold_space(std::string_view s);

// The code points of UTF-8 text; malformed bytes become U+FFFD.
std::vector<char32_t> code_points(std::string_view utf8);

// `tel:` and the digits and + of a phone number, for a link.
std::string phone_uri(std::string_view phone);

// A web address as a reader types it from paper: without `https://` or `http://` and the
// final slash (`www.brackenmoor.example.org/local-offer`).
std::string web_address_text(std::string_view url);

}  // namespace carepack

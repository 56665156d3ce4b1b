// Writing JSON by hand where the output's byte order matters (manifests, search indexes, the
// Open Referral export): one way to write a string literal.
#pragma once

#include <string>
#include <string_view>

namespace carepack {

// `s` as a JSON string literal, quotes included. `<` is written \u003c so the literal can also
// sit inside an HTML <script>; control characters as \uXXXX; other UTF-8 as it is.
std::string json_string(std::string_view s);

}  // namespace carepack

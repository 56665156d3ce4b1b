#include "carepack/unicode.h"

#include <unicode/utf8.h>

namespace carepack {

std::string fold_space(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, s.size(), c);
        out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
    }
    return out;
}

std::string phone_uri(std::string_view phone) {
    std::string uri = "tel:";
    for (char c : phone)
        if ((c >= '0' && c <= '9') || c == '+') uri += c;
    return uri;
}

std::string web_address_text(std::string_view url) {
    for (std::string_view scheme : {"https://", "http://"})
        if (url.substr(0, scheme.size()) == scheme) url.remove_prefix(scheme.size());
    while (!url.empty() && url.back() == '/') url.remove_suffix(1);
    return std::string(url);
}

}  // namespace carepack

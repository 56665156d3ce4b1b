#include "carepack/colour.h"

#include <algorithm>
#include <cmath>

namespace carepack {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// sRGB to linear light, with the threshold WCAG 2.x names (0.04045, as in IEC 61966-2-1;
// older WCAG text printed 0.03928, which gives the same result for 8-bit channels).
double linear(double channel) {
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}
}  // namespace

std::optional<Rgb> parse_hex_colour(std::string_view text) {
    if (text.size() != 4 && text.size() != 7) return std::nullopt;
    if (text.front() != '#') return std::nullopt;
    int digits[6];
    const std::size_t n = text.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
        digits[i] = hex_digit(text[i + 1]);
        if (digits[i] < 0) return std::nullopt;
    }
    auto channel = [&](std::size_t i) {
        const int v = n == 3 ? digits[i] * 17 : digits[2 * i] * 16 + digits[2 * i + 1];
        return v / 255.0;
    };
    return Rgb{channel(0), channel(1), channel(2)};
}

double relative_luminance(const Rgb& c) {
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast_ratio(const Rgb& a, const Rgb& b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace carepack

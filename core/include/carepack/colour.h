// Colours as WCAG 2.x measures them, so a council's branding can be checked for legible
// contrast before anything is published in it.
#pragma once

#include <optional>
#include <string_view>

namespace carepack {

// An sRGB colour, each channel 0..1.
struct Rgb {
    double r = 0, g = 0, b = 0;
};

// `#rgb` or `#rrggbb`, hex digits in either case. Anything else (names, rgb(), no `#`,
// alpha) gives nullopt: branding colours are written one way only.
std::optional<Rgb> parse_hex_colour(std::string_view text);

// WCAG 2.x relative luminance: 0 for black, 1 for white.
double relative_luminance(const Rgb& c);

// WCAG 2.x contrast ratio, 1..21, the same whichever colour comes first.
double contrast_ratio(const Rgb& a, const Rgb& b);

}  // namespace carepack

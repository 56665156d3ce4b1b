#define BOOST_TEST_MODULE colour
#include <boost/test/unit_test.hpp>

#include "carepack/colour.h"

using namespace carepack;

namespace {
Rgb colour(const char* hex) {
    auto c = parse_hex_colour(hex);
    BOOST_TEST_REQUIRE(c.has_value(), hex << " should parse");
    return *c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(parses_short_and_long_hex_in_either_case) {
    const Rgb abc = colour("#abc");
    BOOST_TEST(abc.r == 0xaa / 255.0);
    BOOST_TEST(abc.g == 0xbb / 255.0);
    BOOST_TEST(abc.b == 0xcc / 255.0);
    const Rgb upper = colour("#AABBCC");
    BOOST_TEST(upper.r == abc.r);
    BOOST_TEST(upper.g == abc.g);
    BOOST_TEST(upper.b == abc.b);
    const Rgb brand = colour("#1d4F91");
    BOOST_TEST(brand.r == 0x1d / 255.0);
    BOOST_TEST(brand.g == 0x4f / 255.0);
    BOOST_TEST(brand.b == 0x91 / 255.0);
    BOOST_TEST(colour("#000").r == 0.0);
    BOOST_TEST(colour("#ffffff").b == 1.0);
}

BOOST_AUTO_TEST_CASE(rejects_anything_else) {
    for (const char* bad : {"", "#", "abc", "aabbcc", "#ab", "#abcd", "#aabbccdd", "#abcdeg", "#ggg", " #abc", "#abc ",
                            "red", "rgb(0,0,0)", "##abcde", "#-12345"})
        BOOST_TEST(!parse_hex_colour(bad).has_value(), "'" << bad << "' should be rejected");
}

BOOST_AUTO_TEST_CASE(luminance_of_black_white_and_grey) {
    BOOST_TEST(relative_luminance(colour("#000000")) == 0.0);
    BOOST_TEST(relative_luminance(colour("#ffffff")) == 1.0, boost::test_tools::tolerance(1e-12));
    // #777777: 0x77/255 = 0.4667, linearised ((c + 0.055) / 1.055)^2.4 = 0.1845.
    BOOST_TEST(relative_luminance(colour("#777777")) == 0.18447, boost::test_tools::tolerance(1e-4));
    // Below the 0.04045 threshold the curve is linear: #0a0a0a is 10/255/12.92.
    BOOST_TEST(relative_luminance(colour("#0a0a0a")) == 10.0 / 255.0 / 12.92, boost::test_tools::tolerance(1e-12));
    // Green weighs most, blue least.
    BOOST_TEST(relative_luminance(colour("#00ff00")) == 0.7152, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(relative_luminance(colour("#0000ff")) == 0.0722, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(contrast_ratios_as_wcag_measures_them) {
    const Rgb white = colour("#fff"), black = colour("#000");
    BOOST_TEST(contrast_ratio(white, black) == 21.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(contrast_ratio(black, white) == 21.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(contrast_ratio(white, white) == 1.0);
    // The lightest grey that passes AA for body text on white, and the one just past it.
    const double passing = contrast_ratio(colour("#767676"), white);
    BOOST_TEST(passing == 4.54, boost::test_tools::tolerance(0.005));
    BOOST_TEST(passing >= 4.5);
    const double failing = contrast_ratio(colour("#777777"), white);
    BOOST_TEST(failing < 4.5);
    BOOST_TEST(failing == 4.48, boost::test_tools::tolerance(0.005));
    // carepack's default banner: white on #1d4f91.
    BOOST_TEST(contrast_ratio(colour("#ffffff"), colour("#1d4f91")) >= 4.5);
}

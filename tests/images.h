// Grey images for the reference-image tests: read as pdftoppm writes them (PGM) or as they are
// committed (PNG), and compared tolerantly of anti-aliasing but not of a moved or lost mark.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <png.h>

namespace carepack::testing {

struct Grey {
    unsigned width = 0, height = 0;
    std::vector<unsigned char> pixels;
};

// A binary PGM (P5), as pdftoppm -gray writes it.
inline Grey read_pgm(const std::string& bytes) {
    Grey g;
    std::istringstream in(bytes);
    std::string magic;
    int max = 0;
    in >> magic >> g.width >> g.height >> max;
    in.get();
    g.pixels.assign(std::istreambuf_iterator<char>(in), {});
    if (magic != "P5" || max != 255 || g.pixels.size() != static_cast<std::size_t>(g.width) * g.height)
        throw std::runtime_error("not an 8-bit binary PGM");
    return g;
}

inline Grey read_png(const std::filesystem::path& file) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, file.c_str())) throw std::runtime_error("cannot read " + file.string());
    image.format = PNG_FORMAT_GRAY;
    Grey g;
    g.width = image.width;
    g.height = image.height;
    g.pixels.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, g.pixels.data(), 0, nullptr))
        throw std::runtime_error("cannot decode " + file.string());
    return g;
}

struct Difference {
    double mean = 0;      // mean absolute difference per pixel, 0 to 255
    std::size_t far = 0;  // pixels that differ by more than 96
    std::size_t ink = 0;  // dark pixels in the reference
};

// Two images of the same size.
inline Difference difference(const Grey& want, const Grey& got) {
    Difference d;
    double total = 0;
    for (std::size_t i = 0; i < want.pixels.size() && i < got.pixels.size(); ++i) {
        const int a = want.pixels[i], b = got.pixels[i];
        total += std::abs(a - b);
        d.far += std::abs(a - b) > 96;
        d.ink += a < 128;
    }
    d.mean = want.pixels.empty() ? 0 : total / static_cast<double>(want.pixels.size());
    return d;
}

}  // namespace carepack::testing

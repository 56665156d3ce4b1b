// Fonts for the PDF typesetter: found through fontconfig among Debian's fonts-noto packages,
// parsed once per process and shared by every document (and every thread) after that.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <hb.h>

namespace carepack::pdf {

struct FontStyle {
    bool bold = false;
    bool italic = false;
    auto operator<=>(const FontStyle&) const = default;
};

// One font program, read from its file. Immutable once loaded, so safe to share.
class FontFace {
public:
    // Throws Failure when the file cannot be read or is not a font HarfBuzz can use.
    static std::shared_ptr<const FontFace> load(const std::filesystem::path& file, unsigned index = 0);
    ~FontFace();
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;

    hb_face_t* face() const { return face_; }
    hb_font_t* font() const { return font_; }  // scaled to font units (upem)
    hb_blob_t* blob() const { return blob_; }
    const std::filesystem::path& file() const { return file_; }

    unsigned units_per_em() const { return upem_; }
    // Vertical metrics in font units; descender is negative.
    int ascender() const { return ascender_; }
    int descender() const { return descender_; }
    int cap_height() const { return cap_height_; }
    int bbox(int i) const { return bbox_[i]; }  // xMin, yMin, xMax, yMax
    double italic_angle() const { return italic_angle_; }
    bool is_bold() const { return bold_; }
    const std::string& postscript_name() const { return postscript_name_; }

    bool covers(char32_t c) const;
    std::uint32_t glyph_for(char32_t c) const;  // 0 when the font has none
    int advance(std::uint32_t glyph) const;      // font units

private:
    FontFace() = default;
    std::filesystem::path file_;
    hb_blob_t* blob_ = nullptr;
    hb_face_t* face_ = nullptr;
    hb_font_t* font_ = nullptr;
    unsigned upem_ = 1000;
    int ascender_ = 0, descender_ = 0, cap_height_ = 0;
    int bbox_[4] = {0, 0, 0, 0};
    double italic_angle_ = 0;
    bool bold_ = false;
    std::string postscript_name_;
};

// The fonts of this process, found once each.
class FontLibrary {
public:
    static FontLibrary& shared();

    // The font of `family` in `style` that fontconfig matches for language `lang`. Throws
    // Failure naming the family and the Debian package to install when none is found, or when
    // fontconfig substitutes a different family.
    std::shared_ptr<const FontFace> find(std::string_view family, FontStyle style, std::string_view lang = {});

    // An installed Noto font that has a glyph for `c`, closest to `style`; nullptr when none.
    std::shared_ptr<const FontFace> covering(char32_t c, FontStyle style);

private:
    FontLibrary() = default;
    std::shared_ptr<const FontFace> face_for_file(const std::string& file, int index);
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const FontFace>, std::less<>> by_key_;
    std::map<std::filesystem::path, std::shared_ptr<const FontFace>> by_file_;
};

}  // namespace carepack::pdf

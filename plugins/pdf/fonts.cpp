#include "fonts.h"

#include <cstring>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>

#include "carepack/diagnostics.h"

namespace carepack::pdf {

namespace {

std::uint16_t u16(const char* p) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) | static_cast<unsigned char>(p[1]));
}
std::int16_t s16(const char* p) { return static_cast<std::int16_t>(u16(p)); }

// A table's bytes, or an empty view when the font has no such table (or a short one).
struct Table {
    hb_blob_t* blob;
    const char* data;
    unsigned length;
    Table(hb_face_t* face, const char* tag)
        : blob(hb_face_reference_table(face, hb_tag_from_string(tag, 4))),
          data(hb_blob_get_data(blob, &length)) {}
    ~Table() { hb_blob_destroy(blob); }
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
};

}  // namespace

std::shared_ptr<const FontFace> FontFace::load(const std::filesystem::path& file, unsigned index) {
    std::shared_ptr<FontFace> f(new FontFace());
    f->file_ = file;
    f->blob_ = hb_blob_create_from_file_or_fail(file.c_str());
    if (!f->blob_) throw Failure(Location::in_file(file.string()), "cannot read the font file");
    f->face_ = hb_face_create(f->blob_, index);
    f->upem_ = hb_face_get_upem(f->face_);
    if (hb_face_get_glyph_count(f->face_) == 0 || f->upem_ == 0)
        throw Failure(Location::in_file(file.string()), "not a font HarfBuzz can read");
    f->font_ = hb_font_create(f->face_);
    hb_font_make_immutable(f->font_);

    hb_position_t v = 0;
    if (hb_ot_metrics_get_position(f->font_, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v)) f->ascender_ = v;
    if (hb_ot_metrics_get_position(f->font_, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v)) f->descender_ = v;
    if (hb_ot_metrics_get_position(f->font_, HB_OT_METRICS_TAG_CAP_HEIGHT, &v)) f->cap_height_ = v;
    if (f->cap_height_ == 0) f->cap_height_ = f->ascender_ * 7 / 10;

    Table head(f->face_, "head");
    if (head.length >= 44)
        for (int i = 0; i < 4; ++i) f->bbox_[i] = s16(head.data + 36 + 2 * i);
    Table post(f->face_, "post");
    if (post.length >= 8) f->italic_angle_ = s16(post.data + 4) + u16(post.data + 6) / 65536.0;
    Table os2(f->face_, "OS/2");
    if (os2.length >= 6) f->bold_ = u16(os2.data + 4) >= 600;

    char name[256];
    unsigned size = sizeof name;
    if (hb_ot_name_get_utf8(f->face_, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, name) > 0)
        f->postscript_name_ = name;
    // A PDF name may not hold spaces or delimiters; PostScript names should not, but be sure.
    for (char& c : f->postscript_name_)
        if (c <= ' ' || c > '~' || std::strchr("()<>[]{}/%#", c)) c = '-';
    if (f->postscript_name_.empty()) f->postscript_name_ = file.stem().string();
    return f;
}

FontFace::~FontFace() {
    hb_font_destroy(font_);
    hb_face_destroy(face_);
    hb_blob_destroy(blob_);
}

std::uint32_t FontFace::glyph_for(char32_t c) const {
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(font_, c, &g) ? g : 0;
}

bool FontFace::covers(char32_t c) const { return glyph_for(c) != 0; }

int FontFace::advance(std::uint32_t glyph) const { return hb_font_get_glyph_h_advance(font_, glyph); }

namespace {
FcConfig* fontconfig() {
    static FcConfig* config = FcInitLoadConfigAndFonts();
    return config;
}
}  // namespace

FontLibrary& FontLibrary::shared() {
    static FontLibrary library;
    return library;
}

std::shared_ptr<const FontFace> FontLibrary::find(std::string_view family, FontStyle style, std::string_view lang) {
    std::string key = std::string(family) + (style.bold ? ":bold" : "") + (style.italic ? ":italic" : "") + ":" +
                      std::string(lang);
    std::lock_guard lock(mutex_);
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;

    FcConfig* config = fontconfig();
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(std::string(family).c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, style.bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, style.italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    // By style name too: some fonts' files state the wrong weight (Noto Nastaliq Urdu Bold
    // says it is regular), and the style name is what tells them apart.
    const char* style_name = style.bold ? (style.italic ? "Bold Italic" : "Bold") : (style.italic ? "Italic" : "Regular");
    FcPatternAddString(pattern, FC_STYLE, reinterpret_cast<const FcChar8*>(style_name));
    if (!lang.empty()) FcPatternAddString(pattern, FC_LANG, reinterpret_cast<const FcChar8*>(std::string(lang).c_str()));
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    FcPatternDestroy(pattern);

    std::string file, matched_family;
    int index = 0;
    if (match) {
        FcChar8* s = nullptr;
        if (FcPatternGetString(match, FC_FILE, 0, &s) == FcResultMatch) file = reinterpret_cast<const char*>(s);
        if (FcPatternGetString(match, FC_FAMILY, 0, &s) == FcResultMatch) matched_family = reinterpret_cast<const char*>(s);
        FcPatternGetInteger(match, FC_INDEX, 0, &index);
        FcPatternDestroy(match);
    }
    if (file.empty() || matched_family != family)
        throw Failure(Location(), "the font " + std::string(family) + (style.bold ? " Bold" : "") +
                                      (style.italic ? " Italic" : "") +
                                      " is not installed (fontconfig offered " +
                                      (matched_family.empty() ? std::string("nothing") : matched_family) +
                                      "); scripts/setup installs Debian's fonts-noto-core");

    auto face = face_for_file(file, index);
    by_key_.emplace(std::move(key), face);
    return face;
}

std::shared_ptr<const FontFace> FontLibrary::face_for_file(const std::string& file, int index) {
    if (auto it = by_file_.find(file); it != by_file_.end()) return it->second;
    auto face = FontFace::load(file, static_cast<unsigned>(index));
    by_file_.emplace(file, face);
    return face;
}

std::shared_ptr<const FontFace> FontLibrary::covering(char32_t c, FontStyle style) {
    std::lock_guard lock(mutex_);
    FcConfig* config = fontconfig();
    FcPattern* pattern = FcPatternCreate();
    FcCharSet* chars = FcCharSetCreate();
    FcCharSetAddChar(chars, static_cast<FcChar32>(c));
    FcPatternAddCharSet(pattern, FC_CHARSET, chars);
    FcPatternAddInteger(pattern, FC_WEIGHT, style.bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, style.italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcFontSet* set = FcFontSort(config, pattern, FcFalse, nullptr, &result);
    std::string file;
    int index = 0;
    // Only Noto fonts: they are the ones the project installs and has looked at.
    for (int i = 0; set && i < set->nfont && file.empty(); ++i) {
        FcPattern* font = set->fonts[i];
        FcChar8* family = nullptr;
        FcCharSet* has = nullptr;
        if (FcPatternGetString(font, FC_FAMILY, 0, &family) != FcResultMatch) continue;
        if (std::strncmp(reinterpret_cast<const char*>(family), "Noto ", 5) != 0) continue;
        if (FcPatternGetCharSet(font, FC_CHARSET, 0, &has) != FcResultMatch || !FcCharSetHasChar(has, c)) continue;
        FcChar8* path = nullptr;
        if (FcPatternGetString(font, FC_FILE, 0, &path) != FcResultMatch) continue;
        file = reinterpret_cast<const char*>(path);
        FcPatternGetInteger(font, FC_INDEX, 0, &index);
    }
    if (set) FcFontSetDestroy(set);
    FcCharSetDestroy(chars);
    FcPatternDestroy(pattern);
    if (file.empty()) return nullptr;
    // Colour emoji fonts hold bitmaps, not outlines a PDF can embed this way.
    if (file.find("Emoji") != std::string::npos) return nullptr;
    return face_for_file(file, index);
}

}  // namespace carepack::pdf

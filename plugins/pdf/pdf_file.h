// A PDF file built on libharu's object layer: pages whose content streams we write ourselves,
// fonts we embed ourselves (Type0 / CIDFontType2, addressed by CID, subset to what is drawn),
// document properties, link annotations. libharu does the cross-reference table, object
// numbering, compression and the file syntax; it never sees our text.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include <hpdf.h>

#include "carepack/date.h"
#include "fonts.h"

namespace carepack::pdf {

// A number as PDF writes it: at most three decimals, no exponent, no trailing zeros, and the
// same text on every machine (no locale).
std::string num(double v);

// One font in one PDF. Each distinct (glyph, text) pair drawn gets its own CID, so the
// ToUnicode map can say exactly what each drawn glyph stands for even when one glyph id stands
// for different text in different places (Bengali, Nastaliq) or one glyph for several
// characters (ligatures). A CIDToGIDMap stream takes each CID back to its glyph.
class EmbeddedFont {
public:
    EmbeddedFont(HPDF_Doc doc, std::shared_ptr<const FontFace> face, std::string resource_name);

    const std::string& resource_name() const { return resource_; }  // `F1`: the name in page resources
    HPDF_Dict type0() const { return type0_; }
    const FontFace& face() const { return *face_; }

    // The CID that draws `glyph` and extracts as `text` (UTF-8, not empty). `width`, in
    // thousandths of an em, is the advance the W array gives it: the glyph's own by default;
    // more when glyphs drawn as outlines follow it in the same cluster, so that the text glyphs
    // around them stay adjacent for text extraction.
    std::uint16_t cid(std::uint32_t glyph, std::string_view text, std::optional<int> width = std::nullopt);
    // The advance the W array gives `cid`, in thousandths of an em.
    int width(std::uint16_t cid) const { return widths_[cid]; }

    // Subsets the font program to the glyphs drawn and writes the descendant font, its
    // descriptor, the CIDToGIDMap and ToUnicode streams. Once, before the file is saved.
    void finish();

private:
    HPDF_Doc doc_;
    std::shared_ptr<const FontFace> face_;
    std::string resource_;
    HPDF_Dict type0_ = nullptr;
    std::map<std::tuple<std::uint32_t, std::string, int>, std::uint16_t> cids_;
    std::vector<std::uint32_t> glyphs_ = {0};  // by CID; CID 0 is .notdef
    std::vector<std::string> texts_ = {""};
    std::vector<int> widths_ = {0};
};

// A glyph's outline as PDF path operators, filled: for glyphs that must be seen but carry no
// text (the second and later glyphs of a cluster beyond its characters).
std::string glyph_outline(const FontFace& face, std::uint32_t glyph, double size, double x, double y);
// Whether the glyph draws anything (a zero-width joiner, say, does not).
bool has_outline(const FontFace& face, std::uint32_t glyph);

// `font` (a TrueType program) with the advances of the glyphs in `advances` (font units) made
// at least that wide; the tables are rewritten with fresh checksums.
std::string widen_advances(const std::string& font, const std::map<std::uint32_t, int>& advances);

struct LinkArea {
    double x0, y0, x1, y1;
    std::string uri;
};

struct DocumentProperties {
    std::string title, author, subject, lang;
    Date created;
};

class PdfFile {
public:
    PdfFile();
    ~PdfFile();
    PdfFile(const PdfFile&) = delete;
    PdfFile& operator=(const PdfFile&) = delete;

    std::size_t add_page(double width, double height);
    std::size_t page_count() const { return pages_.size(); }
    // The page's content stream, written as PDF operators; stored when the file is saved.
    std::string& content(std::size_t page) { return pages_[page].content; }
    // The font `face` in this file (one EmbeddedFont per face), listed in `page`'s resources.
    EmbeddedFont& font(std::size_t page, const std::shared_ptr<const FontFace>& face);
    // The name, in `page`'s resources, of a form that draws `glyph` of `face` as its outline in
    // font units: for glyphs that must be seen but carry no text (a cluster's glyphs beyond its
    // characters). Named after the font's resource and the glyph id (`F2g1234`), made once.
    std::string glyph_form(std::size_t page, const std::shared_ptr<const FontFace>& face, std::uint32_t glyph);
    void add_link(std::size_t page, const LinkArea& link);
    void set_properties(const DocumentProperties& p);

    // The whole file. Same inputs, same bytes.
    std::string save();

private:
    void check(const char* what) const;
    struct Page {
        HPDF_Page page;
        std::string content;
        std::vector<std::string> fonts;  // resource names already listed
        std::vector<std::string> forms;
    };
    HPDF_Doc doc_;
    std::vector<Page> pages_;
    std::vector<std::unique_ptr<EmbeddedFont>> fonts_;
    std::map<const FontFace*, EmbeddedFont*> font_of_face_;
    std::map<std::string, HPDF_Dict> forms_;
    struct ErrorState {
        HPDF_STATUS error = 0;
        HPDF_STATUS detail = 0;
    } error_;
};

}  // namespace carepack::pdf

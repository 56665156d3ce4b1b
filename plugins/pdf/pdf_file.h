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
};

struct DocumentProperties {
    std::string title, author, subject, lang;
    Date created;
};

// One element of the tagged structure: what a screen reader walks. Elements are made in
// reading order while the document is laid out; their content is marked on the pages as it is
// drawn.
struct StructureElement {
    std::string type;  // a standard structure type (P, H2, LI, TD ...) or one in the role map
    int parent = -1;
    std::string lang;  // only where it differs from the parent's
    std::string alt;   // Figure
    std::string title; // /T
    std::string scope; // TH: Row, Column or Both
    int row_span = 1, col_span = 1;  // TH, TD
    std::string list_numbering;  // L: Disc, Decimal, LowerAlpha; None when the labels are content (terms)
    std::string actual_text;
    struct Kid {
        enum class Kind { Element, Content, Annotation } kind = Kind::Element;
        int element = -1;          // Element
        std::size_t page = 0;      // Content, Annotation
        int mcid = 0;              // Content
        HPDF_Dict annotation = nullptr;
    };
    std::vector<Kid> kids;
};

// A raster image in the file, read once and drawn as often as wanted.
struct ImageInfo {
    std::size_t index = 0;
    double width_px = 0, height_px = 0;
};

// A bookmark: `level` 1 is the top; each level nests under the one before.
struct Bookmark {
    int level = 1;
    std::string title;
    std::size_t page = 0;
    double y = 0;
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
    // ---- the tagged structure ----
    // A new element under `parent` (-1: the root's one child, the Document element).
    int add_element(std::string type, int parent);
    StructureElement& element(int i) { return elements_[static_cast<std::size_t>(i)]; }
    const StructureElement& element(int i) const { return elements_[static_cast<std::size_t>(i)]; }
    std::size_t element_count() const { return elements_.size(); }
    // The operator that opens marked content on `page` belonging to `element` (its next MCID),
    // with `lang` when the text's language differs from the element's. Close it with "EMC".
    std::string begin_content(std::size_t page, int element, std::string_view lang = {});
    // A structure type mapped to a standard one for PDF 1.7 readers (Aside -> Div).
    void map_role(const std::string& type, const std::string& standard) { role_map_[type] = standard; }

    // ---- links, images, navigation ----
    // A link to a web address, an email or a phone number, owned by the Link element `element`
    // (an OBJR kid), with `contents` as its description for assistive technology.
    void add_link(std::size_t page, const LinkArea& area, const std::string& uri, int element,
                  const std::string& contents);
    // A link to a place in this document.
    void add_internal_link(std::size_t page, const LinkArea& area, std::size_t target_page, double target_y,
                           int element, const std::string& contents);
    // Reads a PNG or JPEG (by its signature). Throws Failure for anything else.
    ImageInfo add_image(std::string_view bytes, const std::string& what);
    // The image's name in `page`'s resources.
    std::string image_name(std::size_t page, std::size_t image);
    void set_bookmarks(const std::vector<Bookmark>& marks);
    // Page labels: the number shown for each page, from 1.
    void set_decimal_page_labels();

    // The whole document's language, title, dates; also writes the XMP metadata.
    void set_properties(const DocumentProperties& p);

    // The whole file. Same inputs, same bytes.
    std::string save();

private:
    void check(const char* what) const;
    void write_structure();
    // `object` (a form or an image) in `page`'s resources as `name`, once.
    void list_xobject(std::size_t page, const std::string& name, HPDF_Dict object);
    void attach(int element);
    std::vector<bool> attached_;
    struct Page {
        HPDF_Page page;
        int mcids = 0;
        std::vector<int> owners;  // element of each MCID
        std::string content;
        std::vector<std::string> fonts;  // resource names already listed
        std::vector<std::string> xobjects;  // forms and images already listed
    };
    HPDF_Doc doc_;
    std::vector<Page> pages_;
    std::vector<std::unique_ptr<EmbeddedFont>> fonts_;
    std::map<const FontFace*, EmbeddedFont*> font_of_face_;
    std::map<std::string, HPDF_Dict> forms_;
    std::vector<HPDF_Image> images_;
    std::vector<StructureElement> elements_;
    std::map<std::string, std::string> role_map_;
    struct Annotation {
        HPDF_Dict dict;
        int element;
    };
    std::vector<Annotation> annotations_;
    std::string lang_;
    struct ErrorState {
        HPDF_STATUS error = 0;
        HPDF_STATUS detail = 0;
    } error_;
};

}  // namespace carepack::pdf

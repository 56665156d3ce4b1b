#include "pdf_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <hb-subset.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <unicode/unistr.h>

#include "carepack/diagnostics.h"

#ifndef CAREPACK_VERSION
#define CAREPACK_VERSION "0"
#endif

namespace carepack::pdf {

std::string num(double v) {
    if (std::abs(v) < 0.0005) return "0";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
    std::string s(buf, end);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

namespace {

// UTF-16BE bytes of UTF-8 text, as ToUnicode maps and PDF text strings want them.
std::string utf16be(std::string_view utf8) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    std::string out;
    out.reserve(static_cast<std::size_t>(u.length()) * 2);
    for (int32_t i = 0; i < u.length(); ++i) {
        char16_t c = u.charAt(i);
        out += static_cast<char>(c >> 8);
        out += static_cast<char>(c & 0xFF);
    }
    return out;
}

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

std::string hex16(std::uint16_t v) {
    char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
    return hex(std::string_view(b, 2));
}

// A PDF text string for any Unicode text: UTF-16BE with a byte order mark, written as hex.
HPDF_Binary text_string(HPDF_MMgr mmgr, std::string_view utf8) {
    std::string bytes = "\xFE\xFF" + utf16be(utf8);
    return HPDF_Binary_New(mmgr, reinterpret_cast<HPDF_BYTE*>(bytes.data()), static_cast<HPDF_UINT>(bytes.size()));
}

void write(HPDF_Dict stream, std::string_view bytes) {
    HPDF_Stream_Write(stream->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()), static_cast<HPDF_UINT>(bytes.size()));
}

// Six capital letters naming this subset (PDF 32000 9.6.4), from the glyphs it holds, so the
// same glyphs always give the same tag.
std::string subset_tag(const std::vector<std::uint32_t>& glyphs) {
    std::uint64_t h = 1469598103934665603ull;
    for (auto g : std::set<std::uint32_t>(glyphs.begin(), glyphs.end())) {
        h ^= g;
        h *= 1099511628211ull;
    }
    std::string tag;
    for (int i = 0; i < 6; ++i) {
        tag += static_cast<char>('A' + h % 26);
        h /= 26;
    }
    return tag;
}

std::uint32_t u32(const std::string& s, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
           static_cast<unsigned char>(s[at + 3]);
}
std::uint16_t u16(const std::string& s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) << 8 | static_cast<unsigned char>(s[at + 1]));
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}
void put16(std::string& s, std::size_t at, std::uint16_t v) {
    s[at] = static_cast<char>(v >> 8);
    s[at + 1] = static_cast<char>(v & 0xFF);
}
std::uint32_t table_checksum(const std::string& t) {
    std::string padded = t;
    padded.resize((t.size() + 3) & ~std::size_t(3), '\0');
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < padded.size(); i += 4) sum += u32(padded, i);
    return sum;
}

}  // namespace

std::string widen_advances(const std::string& font, const std::map<std::uint32_t, int>& advances) {
    if (font.size() < 12) return font;
    const std::uint16_t tables = u16(font, 4);
    struct Table {
        std::string tag, data;
    };
    std::vector<Table> list;
    for (std::uint16_t i = 0; i < tables; ++i) {
        const std::size_t rec = 12 + 16 * std::size_t(i);
        if (rec + 16 > font.size()) return font;
        const std::uint32_t offset = u32(font, rec + 8), length = u32(font, rec + 12);
        if (std::size_t(offset) + length > font.size()) return font;
        list.push_back({font.substr(rec, 4), font.substr(offset, length)});
    }
    auto find = [&](const char* tag) -> std::string* {
        for (auto& t : list)
            if (t.tag == tag) return &t.data;
        return nullptr;
    };
    std::string *hhea = find("hhea"), *hmtx = find("hmtx"), *maxp = find("maxp"), *head = find("head");
    if (!hhea || !hmtx || !maxp || !head || hhea->size() < 36 || maxp->size() < 6 || head->size() < 12) return font;
    const std::uint16_t glyphs = u16(*maxp, 4), long_metrics = u16(*hhea, 34);
    if (long_metrics == 0 || hmtx->size() < 4u * long_metrics + 2u * (glyphs - std::min(glyphs, long_metrics)))
        return font;
    // Every glyph gets a full metric, so that any one of them can change.
    std::string metrics(4u * glyphs, '\0');
    std::uint16_t widest = 0;
    for (std::uint16_t g = 0; g < glyphs; ++g) {
        std::uint16_t advance = g < long_metrics ? u16(*hmtx, 4u * g) : u16(*hmtx, 4u * (long_metrics - 1));
        std::uint16_t lsb = g < long_metrics ? u16(*hmtx, 4u * g + 2) : u16(*hmtx, 4u * long_metrics + 2u * (g - long_metrics));
        if (auto it = advances.find(g); it != advances.end() && it->second > advance)
            advance = static_cast<std::uint16_t>(std::min(it->second, 0xFFFF));
        widest = std::max(widest, advance);
        put16(metrics, 4u * g, advance);
        put16(metrics, 4u * g + 2, lsb);
    }
    *hmtx = metrics;
    put16(*hhea, 34, glyphs);
    put16(*hhea, 10, std::max(widest, u16(*hhea, 10)));
    put32(*head, 8, 0);  // checkSumAdjustment, set below

    std::string out = font.substr(0, 12);
    std::size_t offset = 12 + 16 * list.size();
    std::string directory, body;
    for (const auto& t : list) {
        std::string rec(16, '\0');
        rec.replace(0, 4, t.tag);
        put32(rec, 4, table_checksum(t.data));
        put32(rec, 8, static_cast<std::uint32_t>(offset + body.size()));
        put32(rec, 12, static_cast<std::uint32_t>(t.data.size()));
        directory += rec;
        body += t.data;
        body.resize((body.size() + 3) & ~std::size_t(3), '\0');
    }
    out += directory + body;
    // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    std::size_t head_at = 0;
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].tag == "head") head_at = u32(out, 12 + 16 * i + 8);
    put32(out, head_at + 8, 0xB1B0AFBAu - table_checksum(out));
    return out;
}

EmbeddedFont::EmbeddedFont(HPDF_Doc doc, std::shared_ptr<const FontFace> face, std::string resource_name)
    : doc_(doc), face_(std::move(face)), resource_(std::move(resource_name)) {
    type0_ = HPDF_Dict_New(doc_->mmgr);
    HPDF_Xref_Add(doc_->xref, type0_);
}

std::uint16_t EmbeddedFont::cid(std::uint32_t glyph, std::string_view text, std::optional<int> width) {
    const int w = width ? *width : static_cast<int>(std::lround(face_->advance(glyph) * 1000.0 / face_->units_per_em()));
    auto key = std::make_tuple(glyph, std::string(text), w);
    if (auto it = cids_.find(key); it != cids_.end()) return it->second;
    if (glyphs_.size() >= 0xFFFF)
        throw Failure(Location(), "more than 65535 distinct glyphs in " + face_->postscript_name() + " in one document");
    auto cid = static_cast<std::uint16_t>(glyphs_.size());
    glyphs_.push_back(glyph);
    texts_.push_back(std::string(text));
    widths_.push_back(w);
    cids_.emplace(std::move(key), cid);
    return cid;
}

void EmbeddedFont::finish() {
    HPDF_MMgr mmgr = doc_->mmgr;
    HPDF_Xref xref = doc_->xref;

    // The font program, cut to the glyphs drawn. Glyph ids are kept, so the CIDToGIDMap can
    // name the original ids; the layout tables are dropped because shaping is already done.
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    hb_set_t* keep = hb_subset_input_glyph_set(input);
    for (auto g : glyphs_) hb_set_add(keep, g);
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const char* tag : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "DSIG"})
        hb_set_add(drop, hb_tag_from_string(tag, 4));
    hb_face_t* subset = hb_subset_or_fail(face_->face(), input);
    hb_subset_input_destroy(input);
    if (!subset) throw Failure(Location::in_file(face_->file().string()), "HarfBuzz could not subset this font");
    hb_blob_t* blob = hb_face_reference_blob(subset);
    unsigned length = 0;
    const char* data = hb_blob_get_data(blob, &length);
    std::string program(data, length);
    hb_blob_destroy(blob);
    hb_face_destroy(subset);

    // Where a CID's W width is wider than its glyph (a text glyph followed by outline glyphs
    // of its cluster), widen the glyph's advance in the program too: renderers position by W,
    // but some text extractors measure with the program's own advances.
    std::map<std::uint32_t, int> widest;  // glyph -> font units
    for (std::size_t cid = 1; cid < glyphs_.size(); ++cid) {
        const int units = static_cast<int>(std::lround(widths_[cid] * face_->units_per_em() / 1000.0));
        if (units > face_->advance(glyphs_[cid])) widest[glyphs_[cid]] = std::max(widest[glyphs_[cid]], units);
    }
    if (!widest.empty()) program = widen_advances(program, widest);

    HPDF_Dict file = HPDF_DictStream_New(mmgr, xref);
    file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    write(file, program);
    HPDF_Dict_AddNumber(file, "Length1", static_cast<HPDF_INT32>(program.size()));

    const std::string base_font = subset_tag(glyphs_) + "+" + face_->postscript_name();
    const double scale = 1000.0 / face_->units_per_em();
    auto scaled = [&](int v) { return static_cast<HPDF_INT32>(std::lround(v * scale)); };

    HPDF_Dict descriptor = HPDF_Dict_New(mmgr);
    HPDF_Xref_Add(xref, descriptor);
    HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
    HPDF_Dict_AddName(descriptor, "FontName", base_font.c_str());
    // Nonsymbolic (32); italic (64) when it slants.
    HPDF_Dict_AddNumber(descriptor, "Flags", 32 + (face_->italic_angle() != 0 ? 64 : 0));
    HPDF_Array bbox = HPDF_Array_New(mmgr);
    for (int i = 0; i < 4; ++i) HPDF_Array_AddNumber(bbox, scaled(face_->bbox(i)));
    HPDF_Dict_Add(descriptor, "FontBBox", bbox);
    HPDF_Dict_AddReal(descriptor, "ItalicAngle", static_cast<HPDF_REAL>(face_->italic_angle()));
    HPDF_Dict_AddNumber(descriptor, "Ascent", scaled(face_->ascender()));
    HPDF_Dict_AddNumber(descriptor, "Descent", scaled(face_->descender()));
    HPDF_Dict_AddNumber(descriptor, "CapHeight", scaled(face_->cap_height()));
    HPDF_Dict_AddNumber(descriptor, "StemV", face_->is_bold() ? 140 : 80);
    HPDF_Dict_Add(descriptor, "FontFile2", file);

    // CID -> glyph id, two bytes each.
    HPDF_Dict cid_to_gid = HPDF_DictStream_New(mmgr, xref);
    cid_to_gid->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    std::string map;
    map.reserve(glyphs_.size() * 2);
    for (auto g : glyphs_) {
        map += static_cast<char>((g >> 8) & 0xFF);
        map += static_cast<char>(g & 0xFF);
    }
    write(cid_to_gid, map);

    HPDF_Dict cid_font = HPDF_Dict_New(mmgr);
    HPDF_Xref_Add(xref, cid_font);
    HPDF_Dict_AddName(cid_font, "Type", "Font");
    HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
    HPDF_Dict_AddName(cid_font, "BaseFont", base_font.c_str());
    HPDF_Dict system_info = HPDF_Dict_New(mmgr);
    HPDF_Dict_Add(system_info, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
    HPDF_Dict_Add(system_info, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
    HPDF_Dict_AddNumber(system_info, "Supplement", 0);
    HPDF_Dict_Add(cid_font, "CIDSystemInfo", system_info);
    HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
    HPDF_Dict_AddNumber(cid_font, "DW", 1000);
    HPDF_Array w = HPDF_Array_New(mmgr);
    HPDF_Array_AddNumber(w, 0);
    HPDF_Array widths = HPDF_Array_New(mmgr);
    for (int width : widths_) HPDF_Array_AddNumber(widths, width);
    HPDF_Array_Add(w, widths);
    HPDF_Dict_Add(cid_font, "W", w);
    HPDF_Dict_Add(cid_font, "CIDToGIDMap", cid_to_gid);

    // What each CID stands for. bfchar entries only: poppler rejects libharu's begincidrange.
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<std::uint16_t> mapped;
    for (std::size_t cid = 1; cid < texts_.size(); ++cid)
        if (!texts_[cid].empty()) mapped.push_back(static_cast<std::uint16_t>(cid));
    for (std::size_t i = 0; i < mapped.size(); i += 100) {
        std::size_t n = std::min<std::size_t>(100, mapped.size() - i);
        cmap += std::to_string(n) + " beginbfchar\n";
        for (std::size_t k = i; k < i + n; ++k)
            cmap += "<" + hex16(mapped[k]) + "> <" + hex(utf16be(texts_[mapped[k]])) + ">\n";
        cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    HPDF_Dict to_unicode = HPDF_DictStream_New(mmgr, xref);
    to_unicode->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    write(to_unicode, cmap);

    HPDF_Dict_AddName(type0_, "Type", "Font");
    HPDF_Dict_AddName(type0_, "Subtype", "Type0");
    HPDF_Dict_AddName(type0_, "BaseFont", base_font.c_str());
    HPDF_Dict_AddName(type0_, "Encoding", "Identity-H");
    HPDF_Array descendants = HPDF_Array_New(mmgr);
    HPDF_Array_Add(descendants, cid_font);
    HPDF_Dict_Add(type0_, "DescendantFonts", descendants);
    HPDF_Dict_Add(type0_, "ToUnicode", to_unicode);
}

namespace {

struct OutlineSink {
    std::string* out;
    double size, x, y, scale;
    std::string point(float fx, float fy) const { return num(x + fx * scale) + " " + num(y + fy * scale); }
};

void move_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    auto* s = static_cast<OutlineSink*>(data);
    *s->out += s->point(x, y) + " m\n";
}
void line_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float x, float y, void*) {
    auto* s = static_cast<OutlineSink*>(data);
    *s->out += s->point(x, y) + " l\n";
}
void quadratic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t* st, float cx, float cy, float x, float y, void*) {
    auto* s = static_cast<OutlineSink*>(data);
    // A quadratic Bézier is the cubic with control points two thirds of the way to its one.
    float c1x = st->current_x + 2.f / 3.f * (cx - st->current_x), c1y = st->current_y + 2.f / 3.f * (cy - st->current_y);
    float c2x = x + 2.f / 3.f * (cx - x), c2y = y + 2.f / 3.f * (cy - y);
    *s->out += s->point(c1x, c1y) + " " + s->point(c2x, c2y) + " " + s->point(x, y) + " c\n";
}
void cubic_to(hb_draw_funcs_t*, void* data, hb_draw_state_t*, float c1x, float c1y, float c2x, float c2y, float x,
              float y, void*) {
    auto* s = static_cast<OutlineSink*>(data);
    *s->out += s->point(c1x, c1y) + " " + s->point(c2x, c2y) + " " + s->point(x, y) + " c\n";
}
void close_path(hb_draw_funcs_t*, void* data, hb_draw_state_t*, void*) { *static_cast<OutlineSink*>(data)->out += "h\n"; }

hb_draw_funcs_t* outline_funcs() {
    static hb_draw_funcs_t* funcs = [] {
        hb_draw_funcs_t* f = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(f, move_to, nullptr, nullptr);
        hb_draw_funcs_set_line_to_func(f, line_to, nullptr, nullptr);
        hb_draw_funcs_set_quadratic_to_func(f, quadratic_to, nullptr, nullptr);
        hb_draw_funcs_set_cubic_to_func(f, cubic_to, nullptr, nullptr);
        hb_draw_funcs_set_close_path_func(f, close_path, nullptr, nullptr);
        hb_draw_funcs_make_immutable(f);
        return f;
    }();
    return funcs;
}

}  // namespace

std::string glyph_outline(const FontFace& face, std::uint32_t glyph, double size, double x, double y) {
    std::string path;
    OutlineSink sink{&path, size, x, y, size / face.units_per_em()};
    hb_font_get_glyph_shape(face.font(), glyph, outline_funcs(), &sink);
    if (!path.empty()) path += "f\n";
    return path;
}

bool has_outline(const FontFace& face, std::uint32_t glyph) {
    hb_glyph_extents_t extents{};
    return hb_font_get_glyph_extents(face.font(), glyph, &extents) && extents.width != 0 && extents.height != 0;
}

PdfFile::PdfFile() {
    doc_ = HPDF_New(
        [](HPDF_STATUS e, HPDF_STATUS d, void* u) {
            auto* s = static_cast<ErrorState*>(u);
            if (s->error == 0) {
                s->error = e;
                s->detail = d;
            }
        },
        &error_);
    if (!doc_) throw Failure(Location(), "libharu could not start a PDF");
    HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
    // Tagged PDF and the structure types used come from PDF 1.7.
    doc_->pdf_version = HPDF_VER_17;
}

PdfFile::~PdfFile() { HPDF_Free(doc_); }

void PdfFile::check(const char* what) const {
    if (error_.error != 0) {
        char code[32];
        std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(error_.error));
        throw Failure(Location(), std::string("libharu failed while ") + what + " (error " + code + ", detail " +
                                      std::to_string(error_.detail) + ")");
    }
}

std::size_t PdfFile::add_page(double width, double height) {
    HPDF_Page page = HPDF_AddPage(doc_);
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(width));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(height));
    check("adding a page");
    // Tab order follows the structure (PDF/UA).
    HPDF_Dict_AddName(page, "Tabs", "S");
    Page p;
    p.page = page;
    pages_.push_back(std::move(p));
    return pages_.size() - 1;
}

EmbeddedFont& PdfFile::font(std::size_t page, const std::shared_ptr<const FontFace>& face) {
    EmbeddedFont* font = nullptr;
    if (auto it = font_of_face_.find(face.get()); it != font_of_face_.end()) {
        font = it->second;
    } else {
        fonts_.push_back(std::make_unique<EmbeddedFont>(doc_, face, "F" + std::to_string(fonts_.size() + 1)));
        font = fonts_.back().get();
        font_of_face_.emplace(face.get(), font);
    }
    Page& p = pages_[page];
    if (std::find(p.fonts.begin(), p.fonts.end(), font->resource_name()) == p.fonts.end()) {
        auto resources = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(p.page, "Resources", HPDF_OCLASS_DICT));
        auto fonts = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(resources, "Font", HPDF_OCLASS_DICT));
        if (!fonts) {
            fonts = HPDF_Dict_New(doc_->mmgr);
            HPDF_Dict_Add(resources, "Font", fonts);
        }
        HPDF_Dict_Add(fonts, font->resource_name().c_str(), font->type0());
        p.fonts.push_back(font->resource_name());
        check("listing a font in a page's resources");
    }
    return *font;
}

void PdfFile::list_xobject(std::size_t page, const std::string& name, HPDF_Dict object) {
    Page& p = pages_[page];
    if (std::find(p.xobjects.begin(), p.xobjects.end(), name) != p.xobjects.end()) return;
    auto resources = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(p.page, "Resources", HPDF_OCLASS_DICT));
    auto xobjects = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(resources, "XObject", HPDF_OCLASS_DICT));
    if (!xobjects) {
        xobjects = HPDF_Dict_New(doc_->mmgr);
        HPDF_Dict_Add(resources, "XObject", xobjects);
    }
    HPDF_Dict_Add(xobjects, name.c_str(), object);
    p.xobjects.push_back(name);
    check("listing a form or an image in a page's resources");
}

std::string PdfFile::glyph_form(std::size_t page, const std::shared_ptr<const FontFace>& face, std::uint32_t glyph) {
    const std::string name = font(page, face).resource_name() + "g" + std::to_string(glyph);
    HPDF_Dict& form = forms_[name];
    if (!form) {
        form = HPDF_DictStream_New(doc_->mmgr, doc_->xref);
        form->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        HPDF_Dict_AddName(form, "Type", "XObject");
        HPDF_Dict_AddName(form, "Subtype", "Form");
        HPDF_Array bbox = HPDF_Array_New(doc_->mmgr);
        for (int i = 0; i < 4; ++i) HPDF_Array_AddNumber(bbox, face->bbox(i));
        HPDF_Dict_Add(form, "BBox", bbox);
        write(form, glyph_outline(*face, glyph, face->units_per_em(), 0, 0));
    }
    list_xobject(page, name, form);
    return name;
}

int PdfFile::add_element(std::string type, int parent) {
    StructureElement e;
    e.type = std::move(type);
    e.parent = parent;
    elements_.push_back(std::move(e));
    attached_.push_back(false);
    return static_cast<int>(elements_.size()) - 1;
}

// An element joins its parent's kids when its first content is drawn, so that kids come in the
// order they are read: a link's element after the text before it.
void PdfFile::attach(int element) {
    const auto i = static_cast<std::size_t>(element);
    if (attached_[i]) return;
    attached_[i] = true;
    const int parent = elements_[i].parent;
    if (parent < 0) return;
    attach(parent);
    StructureElement::Kid k;
    k.kind = StructureElement::Kid::Kind::Element;
    k.element = element;
    elements_[static_cast<std::size_t>(parent)].kids.push_back(k);
}

namespace {

// A PDF literal string for ASCII text (language tags): parentheses and backslashes escaped.
std::string literal(std::string_view ascii) {
    std::string out = "(";
    for (char c : ascii) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
    return out + ")";
}

}  // namespace

std::string PdfFile::begin_content(std::size_t page, int element, std::string_view lang) {
    Page& p = pages_[page];
    attach(element);
    const int mcid = p.mcids++;
    p.owners.push_back(element);
    StructureElement::Kid k;
    k.kind = StructureElement::Kid::Kind::Content;
    k.page = page;
    k.mcid = mcid;
    StructureElement& e = elements_[static_cast<std::size_t>(element)];
    e.kids.push_back(k);
    std::string out = "/" + e.type + " <</MCID " + std::to_string(mcid);
    if (!lang.empty()) out += " /Lang " + literal(lang);
    return out + ">> BDC\n";
}

namespace {

HPDF_Rect rect_of(const LinkArea& a) {
    return HPDF_Rect{static_cast<HPDF_REAL>(a.x0), static_cast<HPDF_REAL>(a.y0), static_cast<HPDF_REAL>(a.x1),
                     static_cast<HPDF_REAL>(a.y1)};
}

}  // namespace

void PdfFile::add_link(std::size_t page, const LinkArea& area, const std::string& uri, int element,
                       const std::string& contents) {
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pages_[page].page, rect_of(area), uri.c_str());
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    HPDF_Dict_Add(a, "Contents", text_string(doc_->mmgr, contents));
    // Printed with the page (PDF/UA wants annotations' flags set deliberately).
    HPDF_Dict_AddNumber(a, "F", 4);
    annotations_.push_back({a, element});
    check("adding a link");
}

void PdfFile::add_internal_link(std::size_t page, const LinkArea& area, std::size_t target_page, double target_y,
                                int element, const std::string& contents) {
    // [page /XYZ 0 y null]: the place, at the reader's own zoom (libharu refuses a zoom of 0).
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages_[target_page].page);
    HPDF_Array_Clear(dst);
    HPDF_Array_Add(dst, pages_[target_page].page);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddNumber(dst, 0);
    HPDF_Array_AddReal(dst, static_cast<HPDF_REAL>(target_y));
    HPDF_Array_Add(dst, HPDF_Null_New(doc_->mmgr));
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pages_[page].page, rect_of(area), dst);
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    HPDF_Dict_Add(a, "Contents", text_string(doc_->mmgr, contents));
    HPDF_Dict_AddNumber(a, "F", 4);
    annotations_.push_back({a, element});
    check("adding a link within the document");
}

ImageInfo PdfFile::add_image(std::string_view bytes, const std::string& what) {
    auto data = reinterpret_cast<const HPDF_BYTE*>(bytes.data());
    const auto size = static_cast<HPDF_UINT>(bytes.size());
    HPDF_Image image = nullptr;
    if (bytes.size() > 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8))
        image = HPDF_LoadPngImageFromMem(doc_, data, size);
    else if (bytes.size() > 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3))
        image = HPDF_LoadJpegImageFromMem(doc_, data, size);
    else
        throw Failure(Location(), what + " is neither a PNG nor a JPEG image; the PDF renderer draws only those");
    if (!image || error_.error != 0) {
        error_ = {};
        HPDF_ResetError(doc_);
        throw Failure(Location(), what + " could not be read as an image (a damaged or unsupported PNG or JPEG)");
    }
    images_.push_back(image);
    HPDF_Point px = HPDF_Image_GetSize(image);
    return ImageInfo{images_.size() - 1, px.x, px.y};
}

std::string PdfFile::image_name(std::size_t page, std::size_t image) {
    const std::string name = "Im" + std::to_string(image + 1);
    list_xobject(page, name, images_[image]);
    return name;
}

void PdfFile::set_bookmarks(const std::vector<Bookmark>& marks) {
    if (marks.empty()) return;
    HPDF_MMgr mmgr = doc_->mmgr;
    HPDF_Dict root = HPDF_Dict_New(mmgr);
    HPDF_Xref_Add(doc_->xref, root);
    HPDF_Dict_AddName(root, "Type", "Outlines");
    struct Item {
        HPDF_Dict dict;
        int level;
        HPDF_Dict first = nullptr, last = nullptr;
        int count = 0;
    };
    // The chain of open items, from the root down; each mark hangs under the last item of a
    // lower level.
    std::vector<Item> chain{{root, 0}};
    auto close_to = [&](int level) {
        while (chain.size() > 1 && chain.back().level >= level) {
            Item done = chain.back();
            chain.pop_back();
            if (done.first) {
                HPDF_Dict_Add(done.dict, "First", done.first);
                HPDF_Dict_Add(done.dict, "Last", done.last);
                HPDF_Dict_AddNumber(done.dict, "Count", done.count);
            }
            chain.back().count += done.count;
        }
    };
    for (const auto& m : marks) {
        close_to(m.level);
        Item& parent = chain.back();
        HPDF_Dict item = HPDF_Dict_New(mmgr);
        HPDF_Xref_Add(doc_->xref, item);
        HPDF_Dict_Add(item, "Title", text_string(mmgr, m.title));
        HPDF_Dict_Add(item, "Parent", parent.dict);
        HPDF_Array dest = HPDF_Array_New(mmgr);
        HPDF_Array_Add(dest, pages_[m.page].page);
        HPDF_Array_AddName(dest, "XYZ");
        HPDF_Array_AddNumber(dest, 0);
        HPDF_Array_AddReal(dest, static_cast<HPDF_REAL>(m.y));
        HPDF_Array_Add(dest, HPDF_Null_New(mmgr));
        HPDF_Dict_Add(item, "Dest", dest);
        if (parent.last) {
            HPDF_Dict_Add(parent.last, "Next", item);
            HPDF_Dict_Add(item, "Prev", parent.last);
        } else {
            parent.first = item;
        }
        parent.last = item;
        parent.count += 1;
        chain.push_back({item, m.level});
    }
    close_to(1);
    Item& top = chain.front();
    HPDF_Dict_Add(root, "First", top.first);
    HPDF_Dict_Add(root, "Last", top.last);
    HPDF_Dict_AddNumber(root, "Count", top.count);
    HPDF_Dict_Add(doc_->catalog, "Outlines", root);
    HPDF_Dict_AddName(doc_->catalog, "PageMode", "UseOutlines");
    check("writing the bookmarks");
}

void PdfFile::set_decimal_page_labels() {
    HPDF_MMgr mmgr = doc_->mmgr;
    HPDF_Dict labels = HPDF_Dict_New(mmgr);
    HPDF_Array nums = HPDF_Array_New(mmgr);
    HPDF_Array_AddNumber(nums, 0);
    HPDF_Dict decimal = HPDF_Dict_New(mmgr);
    HPDF_Dict_AddName(decimal, "S", "D");
    HPDF_Array_Add(nums, decimal);
    HPDF_Dict_Add(labels, "Nums", nums);
    HPDF_Dict_Add(doc_->catalog, "PageLabels", labels);
    check("writing the page labels");
}

namespace {

std::string xml_escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

void PdfFile::set_properties(const DocumentProperties& p) {
    const std::string producer = std::string("carepack ") + CAREPACK_VERSION;
    HPDF_SetInfoAttr(doc_, HPDF_INFO_PRODUCER, producer.c_str());
    HPDF_SetInfoAttr(doc_, HPDF_INFO_CREATOR, producer.c_str());
    HPDF_Date d{};
    d.year = p.created.year();
    d.month = p.created.month();
    d.day = p.created.day();
    d.ind = 'Z';
    HPDF_SetInfoDateAttr(doc_, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(doc_, HPDF_INFO_MOD_DATE, d);
    HPDF_Dict info = doc_->info;
    HPDF_MMgr mmgr = doc_->mmgr;
    if (!p.title.empty()) HPDF_Dict_Add(info, "Title", text_string(mmgr, p.title));
    if (!p.author.empty()) HPDF_Dict_Add(info, "Author", text_string(mmgr, p.author));
    if (!p.subject.empty()) HPDF_Dict_Add(info, "Subject", text_string(mmgr, p.subject));
    lang_ = p.lang;
    if (!p.lang.empty()) HPDF_Dict_Add(doc_->catalog, "Lang", HPDF_String_New(mmgr, p.lang.c_str(), nullptr));

    // Viewers show the title, not the file name (PDF/UA).
    HPDF_Dict prefs = HPDF_Dict_New(mmgr);
    HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(mmgr, HPDF_TRUE));
    HPDF_Dict_Add(doc_->catalog, "ViewerPreferences", prefs);

    // XMP: the same title, author, language and dates, for tools that read only metadata.
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00Z", p.created.year(), p.created.month(), p.created.day());
    const std::string lang = p.lang.empty() ? "x-default" : xml_escaped(p.lang);
    std::string xmp =
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        "  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
        "<dc:format>application/pdf</dc:format>\n"
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escaped(p.title) + "</rdf:li>" +
        (p.lang.empty() ? std::string() : "<rdf:li xml:lang=\"" + lang + "\">" + xml_escaped(p.title) + "</rdf:li>") +
        "</rdf:Alt></dc:title>\n";
    if (!p.author.empty()) xmp += "<dc:creator><rdf:Seq><rdf:li>" + xml_escaped(p.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!p.subject.empty())
        xmp += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escaped(p.subject) +
               "</rdf:li></rdf:Alt></dc:description>\n";
    if (!p.lang.empty()) xmp += "<dc:language><rdf:Bag><rdf:li>" + lang + "</rdf:li></rdf:Bag></dc:language>\n";
    xmp += std::string("<xmp:CreateDate>") + date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + date +
           "</xmp:ModifyDate>\n<xmp:CreatorTool>" + xml_escaped(producer) + "</xmp:CreatorTool>\n<pdf:Producer>" +
           xml_escaped(producer) + "</pdf:Producer>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
           "<?xpacket end=\"w\"?>";
    HPDF_Dict metadata = HPDF_DictStream_New(mmgr, doc_->xref);
    metadata->filter = HPDF_STREAM_FILTER_NONE;  // readable by tools that do not inflate
    HPDF_Dict_AddName(metadata, "Type", "Metadata");
    HPDF_Dict_AddName(metadata, "Subtype", "XML");
    write(metadata, xmp);
    HPDF_Dict_Add(doc_->catalog, "Metadata", metadata);
    check("setting the document properties");
}

void PdfFile::write_structure() {
    if (elements_.empty()) return;
    for (std::size_t i = 0; i < elements_.size(); ++i) attach(static_cast<int>(i));  // those with no content
    HPDF_MMgr mmgr = doc_->mmgr;
    HPDF_Xref xref = doc_->xref;
    HPDF_Dict root = HPDF_Dict_New(mmgr);
    HPDF_Xref_Add(xref, root);
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");

    std::vector<HPDF_Dict> dicts(elements_.size());
    for (auto& d : dicts) {
        d = HPDF_Dict_New(mmgr);
        HPDF_Xref_Add(xref, d);
    }
    // Annotations' keys in the parent tree follow the pages'.
    std::map<HPDF_Dict, int> annotation_key;
    for (std::size_t i = 0; i < annotations_.size(); ++i) {
        const int key = static_cast<int>(pages_.size() + i);
        annotation_key[annotations_[i].dict] = key;
        HPDF_Dict_AddNumber(annotations_[i].dict, "StructParent", key);
        StructureElement::Kid k;
        k.kind = StructureElement::Kid::Kind::Annotation;
        k.annotation = annotations_[i].dict;
        elements_[static_cast<std::size_t>(annotations_[i].element)].kids.push_back(k);
    }
    for (std::size_t i = 0; i < elements_.size(); ++i) {
        const StructureElement& e = elements_[i];
        HPDF_Dict d = dicts[i];
        HPDF_Dict_AddName(d, "Type", "StructElem");
        HPDF_Dict_AddName(d, "S", e.type.c_str());
        HPDF_Dict_Add(d, "P", e.parent >= 0 ? dicts[static_cast<std::size_t>(e.parent)] : root);
        if (!e.lang.empty()) HPDF_Dict_Add(d, "Lang", HPDF_String_New(mmgr, e.lang.c_str(), nullptr));
        if (!e.alt.empty()) HPDF_Dict_Add(d, "Alt", text_string(mmgr, e.alt));
        if (!e.title.empty()) HPDF_Dict_Add(d, "T", text_string(mmgr, e.title));
        if (!e.actual_text.empty()) HPDF_Dict_Add(d, "ActualText", text_string(mmgr, e.actual_text));
        if (!e.list_numbering.empty()) {
            HPDF_Dict a = HPDF_Dict_New(mmgr);
            HPDF_Dict_AddName(a, "O", "List");
            HPDF_Dict_AddName(a, "ListNumbering", e.list_numbering.c_str());
            HPDF_Dict_Add(d, "A", a);
        }
        if (!e.scope.empty() || e.row_span > 1 || e.col_span > 1) {
            HPDF_Dict a = HPDF_Dict_New(mmgr);
            HPDF_Dict_AddName(a, "O", "Table");
            if (!e.scope.empty()) HPDF_Dict_AddName(a, "Scope", e.scope.c_str());
            if (e.row_span > 1) HPDF_Dict_AddNumber(a, "RowSpan", e.row_span);
            if (e.col_span > 1) HPDF_Dict_AddNumber(a, "ColSpan", e.col_span);
            HPDF_Dict_Add(d, "A", a);
        }
        HPDF_Array kids = HPDF_Array_New(mmgr);
        for (const auto& k : e.kids) {
            switch (k.kind) {
                case StructureElement::Kid::Kind::Element:
                    HPDF_Array_Add(kids, dicts[static_cast<std::size_t>(k.element)]);
                    break;
                case StructureElement::Kid::Kind::Content: {
                    HPDF_Dict mcr = HPDF_Dict_New(mmgr);
                    HPDF_Dict_AddName(mcr, "Type", "MCR");
                    HPDF_Dict_Add(mcr, "Pg", pages_[k.page].page);
                    HPDF_Dict_AddNumber(mcr, "MCID", k.mcid);
                    HPDF_Array_Add(kids, mcr);
                    break;
                }
                case StructureElement::Kid::Kind::Annotation: {
                    HPDF_Dict objr = HPDF_Dict_New(mmgr);
                    HPDF_Dict_AddName(objr, "Type", "OBJR");
                    HPDF_Dict_Add(objr, "Obj", k.annotation);
                    HPDF_Array_Add(kids, objr);
                    break;
                }
            }
        }
        HPDF_Dict_Add(d, "K", kids);
    }
    HPDF_Array top = HPDF_Array_New(mmgr);
    for (std::size_t i = 0; i < elements_.size(); ++i)
        if (elements_[i].parent < 0) HPDF_Array_Add(top, dicts[i]);
    HPDF_Dict_Add(root, "K", top);

    // The parent tree: for each page, the element owning each MCID; for each annotation, its
    // element.
    HPDF_Dict parent_tree = HPDF_Dict_New(mmgr);
    HPDF_Xref_Add(xref, parent_tree);
    HPDF_Array nums = HPDF_Array_New(mmgr);
    for (std::size_t p = 0; p < pages_.size(); ++p) {
        HPDF_Dict_AddNumber(pages_[p].page, "StructParents", static_cast<HPDF_INT32>(p));
        HPDF_Array_AddNumber(nums, static_cast<HPDF_INT32>(p));
        HPDF_Array owners = HPDF_Array_New(mmgr);
        for (int owner : pages_[p].owners) HPDF_Array_Add(owners, dicts[static_cast<std::size_t>(owner)]);
        HPDF_Array_Add(nums, owners);
    }
    for (std::size_t i = 0; i < annotations_.size(); ++i) {
        HPDF_Array_AddNumber(nums, static_cast<HPDF_INT32>(pages_.size() + i));
        HPDF_Array_Add(nums, dicts[static_cast<std::size_t>(annotations_[i].element)]);
    }
    HPDF_Dict_Add(parent_tree, "Nums", nums);
    HPDF_Dict_Add(root, "ParentTree", parent_tree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", static_cast<HPDF_INT32>(pages_.size() + annotations_.size()));
    if (!role_map_.empty()) {
        HPDF_Dict roles = HPDF_Dict_New(mmgr);
        for (const auto& [type, standard] : role_map_) HPDF_Dict_AddName(roles, type.c_str(), standard.c_str());
        HPDF_Dict_Add(root, "RoleMap", roles);
    }
    HPDF_Dict_Add(doc_->catalog, "StructTreeRoot", root);
    HPDF_Dict mark_info = HPDF_Dict_New(mmgr);
    HPDF_Dict_Add(mark_info, "Marked", HPDF_Boolean_New(mmgr, HPDF_TRUE));
    HPDF_Dict_Add(doc_->catalog, "MarkInfo", mark_info);
    check("writing the structure tree");
}

std::string PdfFile::save() {
    for (auto& f : fonts_) f->finish();
    write_structure();
    for (auto& p : pages_) {
        auto* attr = static_cast<HPDF_PageAttr>(p.page->attr);
        HPDF_Stream_Write(attr->stream, reinterpret_cast<const HPDF_BYTE*>(p.content.data()),
                          static_cast<HPDF_UINT>(p.content.size()));
    }
    check("writing the pages");
    HPDF_SaveToStream(doc_);
    check("saving the file");
    HPDF_ResetStream(doc_);
    std::string bytes;
    bytes.resize(HPDF_GetStreamSize(doc_));
    HPDF_UINT32 got = static_cast<HPDF_UINT32>(bytes.size());
    HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &got);
    bytes.resize(got);
    return bytes;
}

}  // namespace carepack::pdf

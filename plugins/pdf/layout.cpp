#include "layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "carepack/colour.h"
#include "carepack/locale.h"
#include "pdf_file.h"

namespace carepack::pdf {

namespace {

constexpr double mm = 72.0 / 25.4;

std::uint32_t packed(std::string_view hex, std::uint32_t fallback) {
    auto c = parse_hex_colour(hex);
    if (!c) return fallback;
    auto channel = [](double v) { return static_cast<std::uint32_t>(std::clamp(v, 0.0, 1.0) * 255 + 0.5); };
    return channel(c->r) << 16 | channel(c->g) << 8 | channel(c->b);
}

std::string rgb(std::uint32_t c) {
    return num(((c >> 16) & 0xFF) / 255.0) + " " + num(((c >> 8) & 0xFF) / 255.0) + " " + num((c & 0xFF) / 255.0);
}

std::string hex4(std::uint16_t v) {
    static const char digits[] = "0123456789ABCDEF";
    return {digits[v >> 12], digits[(v >> 8) & 0xF], digits[(v >> 4) & 0xF], digits[v & 0xF]};
}

// Only addresses a reader's PDF viewer can open become link annotations.
bool absolute_link(std::string_view href) {
    auto starts = [&](std::string_view scheme) {
        if (href.size() <= scheme.size()) return false;
        for (std::size_t i = 0; i < scheme.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(href[i])) != scheme[i]) return false;
        return true;
    };
    if (!(starts("https://") || starts("http://") || starts("mailto:") || starts("tel:"))) return false;
    return std::none_of(href.begin(), href.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

struct Decoration {
    bool on = false;
    double x0 = 0, x1 = 0;  // from the content area's left edge
    std::uint32_t fill = 0, bar = 0;
    double bar_width = 0;
    bool bar_right = false;  // right-to-left text: the rule is on its starting side
};

struct Box {
    enum class Kind { Line, Gap, PageBreak } kind = Kind::Line;
    double height = 0;
    double baseline = 0;  // Line: from the box's top
    double x = 0;         // Line: the measure's left edge, from the content area's left edge
    double measure = 0;   // Line: its width
    Direction dir = Direction::LeftToRight;
    Line line;
    std::optional<Line> marker;
    double marker_x = 0;
    bool keep_with_next = false;
    Decoration decoration;
};

// Where blocks go: indents from the content area's edges at the start and end of the lines (the
// left and right for left-to-right text, mirrored for right-to-left), the callout they sit in.
struct Frame {
    double left = 0, right = 0;  // start and end indents
    Direction dir = Direction::LeftToRight;
    Decoration decoration;
    double physical_left() const { return dir == Direction::RightToLeft ? right : left; }
    double physical_right() const { return dir == Direction::RightToLeft ? left : right; }
};

class Typesetter {
public:
    Typesetter(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts)
        : doc_(doc), style_(style), options_(options), fonts_(fonts) {
        if (options.branding) {
            primary_ = packed(options.branding->primary_colour, primary_);
            on_primary_ = packed(options.branding->on_primary_colour, on_primary_);
        }
    }

    std::string run() {
        Frame frame;
        blocks(doc_.body, frame);
        auto pages = paginate();
        return draw(pages);
    }

private:
    double content_width() const { return style_.page_width - style_.margin_left - style_.margin_right; }

    // ---- blocks to boxes ----

    [[noreturn]] void cannot(const Node& n) const {
        throw Failure(doc_.location_of(n), "the PDF renderer cannot lay out <" +
                                               std::string(element_name(n.kind, n.level)) +
                                               "> yet; this document can be made as HTML (--format html)");
    }

    void blocks(const std::vector<Node>& nodes, const Frame& frame) {
        for (const auto& n : nodes) block(n, frame);
    }

    void block(const Node& n, const Frame& outer) {
        Frame frame = outer;
        frame.dir = n.dir;
        switch (n.kind) {
            case NodeKind::Section: blocks(n.children, frame); break;
            case NodeKind::Heading: {
                const BlockStyle& s = style_.headings[std::clamp(n.level, 1, 6) - 1];
                paragraph(n.children, s, frame, Alignment::Start, true);
                break;
            }
            case NodeKind::Paragraph: {
                std::string cls = n.attribute_or("class", "");
                const BlockStyle& s = cls == "subtitle" ? style_.subtitle : cls == "version" ? style_.small : style_.body;
                paragraph(n.children, s, frame, cls.empty() ? style_.body_align : Alignment::Start, false);
                break;
            }
            case NodeKind::UnorderedList:
            case NodeKind::OrderedList: list(n, frame); break;
            case NodeKind::DefinitionList: definitions(n, frame); break;
            case NodeKind::Aside: callout(n, frame); break;
            case NodeKind::BlockQuote: {
                Frame inner = frame;
                inner.left += style_.quote_indent;
                inner.right += style_.quote_indent;
                gap(style_.body.space_before, frame);
                flow(n.children, style_.body, inner, std::nullopt);
                gap(style_.body.space_after, frame);
                break;
            }
            case NodeKind::Signature:
                gap(style_.body.space_before * 2, frame);
                flow(n.children, style_.body, frame, std::nullopt);
                break;
            case NodeKind::PageBreak: {
                Box b;
                b.kind = Box::Kind::PageBreak;
                boxes_.push_back(std::move(b));
                break;
            }
            case NodeKind::Text:
                if (n.text.find_first_not_of(" \t\r\n") != std::string::npos) flow({n}, style_.body, frame, std::nullopt);
                break;
            case NodeKind::Strong:
            case NodeKind::Emphasis:
            case NodeKind::Link:
            case NodeKind::Span:
            case NodeKind::Abbreviation:
            case NodeKind::Time:
            case NodeKind::Data:
            case NodeKind::LineBreak: flow({n}, style_.body, frame, std::nullopt); break;
            default: cannot(n);
        }
    }

    // Mixed content (a list item, a definition): inline runs become paragraphs, blocks stay
    // blocks. The marker, if any, goes beside the first line.
    void flow(const std::vector<Node>& nodes, const BlockStyle& s, const Frame& frame, std::optional<Line> marker) {
        std::vector<Node> pending;
        auto settle = [&] {
            bool has_text = false;
            for (const auto& p : pending)
                has_text |= p.kind != NodeKind::Text || p.text.find_first_not_of(" \t\r\n") != std::string::npos;
            if (has_text) {
                std::size_t first = boxes_.size();
                paragraph(pending, s, frame, Alignment::Start, false, 0, 0);
                attach_marker(first, marker);
            }
            pending.clear();
        };
        for (const auto& n : nodes) {
            if (is_inline(n.kind)) {
                pending.push_back(n);
                continue;
            }
            settle();
            std::size_t first = boxes_.size();
            block(n, frame);
            attach_marker(first, marker);
        }
        settle();
    }

    void attach_marker(std::size_t first_box, std::optional<Line>& marker) {
        if (!marker) return;
        for (std::size_t i = first_box; i < boxes_.size(); ++i)
            if (boxes_[i].kind == Box::Kind::Line) {
                boxes_[i].marker = std::move(marker);
                // Beside the line's start: left of it, or right of it in right-to-left text.
                const Line& m = *boxes_[i].marker;
                double left = m.width, right = 0;
                for (const auto& piece : m.pieces) {
                    left = std::min(left, piece.x);
                    right = std::max(right, piece.x + piece.width);
                }
                boxes_[i].marker_x = boxes_[i].dir == Direction::RightToLeft
                                         ? boxes_[i].x + boxes_[i].measure + style_.marker_gap - left
                                         : boxes_[i].x - style_.marker_gap - right;
                marker.reset();
                return;
            }
    }

    TextStyle text_style(const BlockStyle& s) const {
        TextStyle t;
        t.size = s.size;
        t.font = s.font;
        t.colour = s.colour;
        return t;
    }

    void inlines(const Node& n, ParagraphText& text, TextStyle style) {
        switch (n.kind) {
            case NodeKind::Text: text.append(n.text, style, n.lang, n.dir, doc_.location_of(n)); return;
            case NodeKind::LineBreak: text.line_break(style, n.lang, doc_.location_of(n)); return;
            case NodeKind::Strong: style.font.bold = true; break;
            case NodeKind::Emphasis: style.font.italic = true; break;
            case NodeKind::Link: {
                std::string href = n.attribute_or("href", "");
                style.colour = primary_;
                style.underline = true;
                if (absolute_link(href)) style.link = href;
                break;
            }
            case NodeKind::Span:
            case NodeKind::Abbreviation:
            case NodeKind::Time:
            case NodeKind::Data: break;
            default:
                if (!is_inline(n.kind)) cannot(n);
        }
        for (const auto& c : n.children) inlines(c, text, style);
    }

    void gap(double height, const Frame& frame) {
        if (height <= 0) return;
        if (!boxes_.empty() && boxes_.back().kind == Box::Kind::Gap &&
            boxes_.back().decoration.on == frame.decoration.on) {
            boxes_.back().height = std::max(boxes_.back().height, height);
            return;
        }
        Box b;
        b.kind = Box::Kind::Gap;
        b.height = height;
        b.decoration = frame.decoration;
        boxes_.push_back(std::move(b));
    }

    void paragraph(const std::vector<Node>& content, const BlockStyle& s, const Frame& frame, Alignment align,
                   bool keep_all) {
        paragraph(content, s, frame, align, keep_all, s.space_before, s.space_after);
    }

    void paragraph(const std::vector<Node>& content, const BlockStyle& s, const Frame& frame, Alignment align,
                   bool keep_all, double before, double after) {
        ParagraphText text;
        for (const auto& n : content) inlines(n, text, text_style(s));
        text.trim_end();
        if (text.empty()) return;
        LineSettings settings;
        settings.width = content_width() - frame.left - frame.right;
        settings.align = align;
        settings.direction = frame.dir;
        auto lines = set_paragraph(text, settings, fonts_);
        gap(before, frame);
        const double line_height = s.size * s.leading;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Box b;
            b.kind = Box::Kind::Line;
            double ascent = lines[i].pieces.empty() ? s.size * 0.8 : lines[i].ascent;
            double descent = lines[i].pieces.empty() ? s.size * 0.2 : lines[i].descent;
            b.height = std::max(line_height, ascent + descent);
            b.baseline = (b.height - (ascent + descent)) / 2 + ascent;
            b.x = frame.physical_left();
            b.measure = settings.width;
            b.dir = frame.dir;
            b.line = std::move(lines[i]);
            // Headings stay with what follows; a paragraph leaves neither its first line alone
            // at a page foot nor its last alone at the top of the next.
            b.keep_with_next = keep_all || (lines.size() >= 2 && (i == 0 || i + 2 == lines.size()));
            b.decoration = frame.decoration;
            boxes_.push_back(std::move(b));
        }
        gap(after, frame);
    }

    Line marker_line(const std::string& marker, const BlockStyle& s, Direction dir) {
        ParagraphText text;
        text.append(marker, text_style(s), doc_.lang, dir, Location());
        LineSettings settings;
        settings.width = content_width();
        settings.direction = dir;
        auto lines = set_paragraph(text, settings, fonts_);
        return lines.empty() ? Line{} : std::move(lines.front());
    }

    void list(const Node& n, const Frame& frame) {
        const bool ordered = n.kind == NodeKind::OrderedList;
        long number = 1;
        if (const std::string* start = n.attribute("start")) number = std::strtol(start->c_str(), nullptr, 10);
        Frame inner = frame;
        inner.left += style_.list_indent;
        gap(style_.body.space_before, frame);
        bool first = true;
        for (const auto& item : n.children) {
            if (item.kind != NodeKind::ListItem) continue;
            if (!first) gap(style_.item_gap, frame);
            first = false;
            std::string marker = ordered ? std::to_string(number++) + "." : "\u2022";
            flow(item.children, style_.body, inner, marker_line(marker, style_.body, frame.dir));
        }
        gap(style_.body.space_after, frame);
    }

    void definitions(const Node& n, const Frame& frame) {
        BlockStyle term = style_.body;
        term.font.bold = true;
        Frame inner = frame;
        inner.left += style_.definition_indent;
        gap(style_.body.space_before, frame);
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            const Node& c = n.children[i];
            if (c.kind == NodeKind::Term) {
                gap(style_.item_gap * 2, frame);
                paragraph(c.children, term, frame, Alignment::Start, true, 0, 0);
            } else if (c.kind == NodeKind::Definition) {
                std::size_t first = boxes_.size();
                flow(c.children, style_.body, inner, std::nullopt);
                // A term and its definitions are read together: keep the group on one page
                // (a long group still breaks, inside its last definition).
                if (i + 1 < n.children.size() && n.children[i + 1].kind == NodeKind::Definition)
                    for (std::size_t k = first; k < boxes_.size(); ++k) boxes_[k].keep_with_next = true;
            } else {
                block(c, frame);
            }
        }
        gap(style_.body.space_after, frame);
    }

    void callout(const Node& n, const Frame& frame) {
        gap(style_.body.space_before, frame);
        Frame inner = frame;
        inner.decoration.on = true;
        inner.decoration.x0 = frame.physical_left();
        inner.decoration.x1 = content_width() - frame.physical_right();
        inner.decoration.bar_right = frame.dir == Direction::RightToLeft;
        inner.decoration.fill = style_.callout_fill;
        inner.decoration.bar = primary_;
        inner.decoration.bar_width = style_.callout_bar;
        inner.left += style_.callout_bar + style_.callout_padding;
        inner.right += style_.callout_padding;
        gap(style_.callout_padding, inner);
        std::size_t first = boxes_.size();
        flow(n.children, style_.body, inner, std::nullopt);
        // The callout's own padding is all the space it needs inside.
        for (std::size_t i = first; i < boxes_.size(); ++i)
            if (boxes_[i].kind == Box::Kind::Gap && (i == first || i + 1 == boxes_.size())) boxes_[i].height = 0;
        Box pad;
        pad.kind = Box::Kind::Gap;
        pad.height = style_.callout_padding;
        pad.decoration = inner.decoration;
        boxes_.push_back(std::move(pad));
        gap(style_.body.space_after, frame);
    }

    // ---- boxes to pages ----

    struct Placed {
        const Box* box;
        double y;  // from the top of the page's content area
    };

    double content_height(std::size_t page) const {
        return style_.page_height - top_margin(page) - style_.margin_bottom;
    }

    // The first page's text starts below the council's band.
    double top_margin(std::size_t page) const {
        return page == 0 && style_.banner_height > 0 ? style_.banner_height + style_.banner_gap : style_.margin_top;
    }

    std::vector<std::vector<Placed>> paginate() const {
        std::vector<std::vector<Placed>> pages(1);
        double y = 0;
        auto place = [&](const Box& b) {
            if (b.kind == Box::Kind::Gap && pages.back().empty()) return;  // no space at a page top
            pages.back().push_back({&b, y});
            y += b.height;
        };
        for (const Box& b : boxes_) {
            if (b.kind == Box::Kind::PageBreak) {
                if (!pages.back().empty()) {
                    pages.emplace_back();
                    y = 0;
                }
                continue;
            }
            if (b.kind == Box::Kind::Line && y + b.height > content_height(pages.size() - 1) + 0.01 &&
                !pages.back().empty()) {
                // Take along the lines that must stay with this one (a heading, a paragraph's
                // first line), unless that would leave the page empty.
                auto& page = pages.back();
                std::size_t k = page.size();
                while (k > 0 && (page[k - 1].box->kind == Box::Kind::Gap || page[k - 1].box->keep_with_next)) --k;
                while (k < page.size() && page[k].box->kind == Box::Kind::Gap) ++k;
                std::vector<const Box*> carried;
                if (k > 0) {
                    for (std::size_t i = k; i < page.size(); ++i) carried.push_back(page[i].box);
                    page.resize(k);
                    while (!page.empty() && page.back().box->kind == Box::Kind::Gap) page.pop_back();
                }
                pages.emplace_back();
                y = 0;
                for (const Box* c : carried) place(*c);
            }
            place(b);
        }
        for (auto& page : pages)
            while (!page.empty() && page.back().box->kind == Box::Kind::Gap) page.pop_back();
        return pages;
    }

    // ---- pages to PDF ----

    // A glyph as its outline (a form made once per glyph), outside any text object.
    void draw_outline(PdfFile& pdf, std::size_t page, std::string& out, const LinePiece& piece, const PlacedGlyph& g,
                      double gx, double gy) {
        if (!has_outline(*piece.face, g.glyph)) return;
        const double scale = piece.style.size / piece.face->units_per_em();
        out += "q " + num(scale) + " 0 0 " + num(scale) + " " + num(gx) + " " + num(gy) + " cm /" +
               pdf.glyph_form(page, piece.face, g.glyph) + " Do Q\n";
    }

    // Each piece's glyphs are written in logical order, each at its visual position, so text
    // comes back out in reading order; each piece is marked with its language.
    void draw_line(PdfFile& pdf, std::size_t page, std::string& out, const Line& line, double x, double y) {
        for (std::size_t pi = 0; pi < line.pieces.size(); ++pi) {
            const LinePiece& piece = line.pieces[pi];
            EmbeddedFont& font = pdf.font(page, piece.face);
            const double size = piece.style.size;
            if (!piece.lang.empty()) out += "/Span <</Lang (" + piece.lang + ")>> BDC\n";
            out += rgb(piece.style.colour) + " rg\n";
            std::string pending;  // the open TJ array
            bool in_text = false, positioned = false;
            std::string hidden, hidden_at;  // relocated text (see below), written as one invisible run
            auto flush_hidden = [&] {
                if (hidden.empty()) return;
                out += "BT\n/" + font.resource_name() + " " + num(size) + " Tf\n3 Tr\n" + hidden_at + "[" + hidden +
                       "] TJ\n0 Tr\nET\n";
                hidden.clear();
            };
            double pen_x = 0, pen_y = 0;  // where the pen is after the last glyph written
            auto flush = [&] {
                if (!pending.empty()) out += "[" + pending + "] TJ\n";
                pending.clear();
            };
            auto close_text = [&] {
                flush();
                if (in_text) out += "ET\n";
                in_text = false;
                positioned = false;
            };
            // Punctuation at the end of right-to-left text that opens left-to-right text, as
            // "(" before "(Sam Taylor)": its text is written, invisibly, just before the
            // left-to-right text starts, for the same reason as below.
            std::size_t lead_in = piece.glyphs.size();
            double lead_in_x = 0;
            if (piece.right_to_left && pi + 1 < line.pieces.size() && !line.pieces[pi + 1].right_to_left &&
                !line.pieces[pi + 1].glyphs.empty() &&
                u_charDirection(static_cast<UChar32>(first_code_point(line.pieces[pi + 1].glyphs.front().text))) ==
                    U_LEFT_TO_RIGHT) {
                while (lead_in > 0 && !piece.glyphs[lead_in - 1].text.empty() && piece.glyphs[lead_in - 1].text != " " &&
                       !strong(first_code_point(piece.glyphs[lead_in - 1].text)))
                    --lead_in;
                double width = 0;
                for (std::size_t k = lead_in; k < piece.glyphs.size(); ++k)
                    width += font.width(font.cid(piece.glyphs[k].glyph, piece.glyphs[k].text)) * size / 1000.0;
                lead_in_x = x + line.pieces[pi + 1].glyphs.front().x - width;
            }
            for (std::size_t i = 0; i < piece.glyphs.size(); ++i) {
                const PlacedGlyph& g = piece.glyphs[i];
                const double gx = x + g.x + g.x_offset, gy = y + g.y_offset;
                if (i >= lead_in) {
                    close_text();
                    draw_outline(pdf, page, out, piece, g, gx, gy);
                    const std::uint16_t cid = font.cid(g.glyph, g.text);
                    if (hidden.empty()) hidden_at = "1 0 0 1 " + num(lead_in_x) + " " + num(y) + " Tm\n";
                    hidden += "<" + hex4(cid) + ">";
                    continue;
                }
                if (!g.text.empty() && piece.right_to_left && reading_ == Reading::LeftToRight &&
                    std::abs(text_end_y_ - y) < 0.01 && !strong(first_code_point(g.text)) && g.text != " ") {
                    // Punctuation that follows left-to-right text (an English name, an address)
                    // inside right-to-left text sits visually on the far side of it. A reader of
                    // the content stream that found it there would break the line before it, so
                    // its text is written, invisibly, where the left-to-right text ends, and its
                    // glyph is drawn where it belongs. (A word space may start a new line: it
                    // reads back as white space either way.)
                    close_text();
                    draw_outline(pdf, page, out, piece, g, gx, gy);
                    const std::uint16_t cid = font.cid(g.glyph, g.text);
                    if (hidden.empty()) hidden_at = "1 0 0 1 " + num(text_end_x_) + " " + num(text_end_y_) + " Tm\n";
                    hidden += "<" + hex4(cid) + ">";
                    text_end_x_ += font.width(cid) * size / 1000.0;
                    continue;
                }
                flush_hidden();
                if (g.text.empty()) {
                    // A glyph that carries no text: its outline, as a form, outside the text.
                    close_text();
                    draw_outline(pdf, page, out, piece, g, gx, gy);
                    continue;
                }
                if (!in_text) out += "BT\n/" + font.resource_name() + " " + num(size) + " Tf\n";
                in_text = true;
                if (!positioned || std::abs(gy - pen_y) > 0.0005) {
                    flush();
                    out += "1 0 0 1 " + num(gx) + " " + num(gy) + " Tm\n";
                    positioned = true;
                } else if (std::abs(gx - pen_x) >= 0.0005) {
                    // TJ moves the pen back by the number, in thousandths of the size.
                    pending += " " + num((pen_x - gx) * 1000.0 / size) + " ";
                }
                // Left to right, outline glyphs after this one in its cluster widen it, so that
                // extraction sees no gap (and no word space) before the next text glyph.
                double extra = 0;
                for (std::size_t k = i + 1; !piece.right_to_left && k < piece.glyphs.size() && piece.glyphs[k].text.empty(); ++k)
                    extra += piece.glyphs[k].advance;
                std::optional<int> width;
                if (extra > 0) width = static_cast<int>(std::lround((g.advance + extra) * 1000.0 / size));
                // A glyph drawn off its pen position (a mark moved left onto its base) ends, for
                // extraction, where the pen really goes next.
                if (g.x_offset != 0 && g.advance + extra - g.x_offset >= 0)
                    width = static_cast<int>(std::lround((g.advance + extra - g.x_offset) * 1000.0 / size));
                const std::uint16_t cid = font.cid(g.glyph, g.text, width);
                pending += "<" + hex4(cid) + ">";
                pen_x = gx + font.width(cid) * size / 1000.0;
                pen_y = gy;
                text_end_x_ = pen_x;
                text_end_y_ = y;
                follow_reading(g.text);
            }
            close_text();
            flush_hidden();
            if (piece.style.underline) {
                const double thickness = std::max(0.5, size * 0.06);
                out += num(x + piece.x) + " " + num(y - size * 0.14) + " " + num(piece.width) + " " + num(-thickness) +
                       " re f\n";
            }
            if (!piece.lang.empty()) out += "EMC\n";
            if (!piece.style.link.empty())
                pdf.add_link(page, LinkArea{x + piece.x, y - line.descent, x + piece.x + piece.width, y + line.ascent,
                                            piece.style.link});
        }
    }

    Line single_line(const std::string& s, const TextStyle& style, Alignment align) {
        ParagraphText text;
        text.append(s, style, doc_.lang, Direction::LeftToRight, Location());
        LineSettings settings;
        settings.width = content_width();
        settings.align = align;
        auto lines = set_paragraph(text, settings, fonts_);
        return lines.empty() ? Line{} : std::move(lines.front());
    }

    std::string draw(const std::vector<std::vector<Placed>>& pages) {
        PdfFile pdf;
        const double left = style_.margin_left;
        for (std::size_t p = 0; p < pages.size(); ++p) {
            std::size_t page = pdf.add_page(style_.page_width, style_.page_height);
            reading_ = Reading::LeftToRight;
            std::string& out = pdf.content(page);
            const double top = style_.page_height - top_margin(p);
            if (p == 0 && style_.banner_height > 0) {
                // The council's band: its colour across the top, its name on it.
                const double band_top = style_.page_height, band_bottom = style_.page_height - style_.banner_height;
                out += rgb(primary_) + " rg\n0 " + num(band_bottom) + " " + num(style_.page_width) + " " +
                       num(band_top - band_bottom) + " re f\n";
                if (options_.branding && !options_.branding->council_name.empty()) {
                    TextStyle name;
                    name.size = 15;
                    name.font.bold = true;
                    name.colour = on_primary_;
                    Line l = single_line(options_.branding->council_name, name, Alignment::Start);
                    draw_line(pdf, page, out, l, left, band_bottom + (band_top - band_bottom) / 2 - name.size * 0.35);
                }
            }
            for (const auto& placed : pages[p]) {
                const Box& b = *placed.box;
                const double box_top = top - placed.y;
                if (b.decoration.on) {
                    const Decoration& d = b.decoration;
                    out += rgb(d.fill) + " rg\n" + num(left + d.x0) + " " + num(box_top - b.height) + " " +
                           num(d.x1 - d.x0) + " " + num(b.height) + " re f\n";
                    if (d.bar_width > 0)
                        out += rgb(d.bar) + " rg\n" + num(left + (d.bar_right ? d.x1 - d.bar_width : d.x0)) + " " +
                               num(box_top - b.height) + " " + num(d.bar_width) + " " + num(b.height) + " re f\n";
                }
                if (b.kind != Box::Kind::Line) continue;
                const double baseline = box_top - b.baseline;
                if (b.marker) draw_line(pdf, page, out, *b.marker, left + b.marker_x, baseline);
                draw_line(pdf, page, out, b.line, left + b.x, baseline);
            }
            const std::string count = std::to_string(pages.size()), number = std::to_string(p + 1);
            std::string label = options_.catalog
                                    ? options_.catalog->format("pdf-page-number", {{"page", number}, {"pages", count}})
                                    : number + " / " + count;
            TextStyle footer;
            footer.size = style_.footer_size;
            footer.colour = 0x505050;
            Line l = single_line(label, footer, Alignment::Centre);
            draw_line(pdf, page, out, l, style_.margin_left, style_.margin_bottom / 2);
        }
        DocumentProperties props;
        props.title = doc_.title;
        auto author = doc_.meta.find("author");
        props.author = author != doc_.meta.end() ? author->second
                                                 : (options_.branding ? options_.branding->council_name : std::string());
        props.subject = doc_.kind;
        props.lang = doc_.lang;
        props.created = options_.date;
        pdf.set_properties(props);
        return pdf.save();
    }

    // The direction a reader of the content stream would take the text to be running in: the
    // direction of the last strongly directional character written on this page.
    enum class Reading { LeftToRight, RightToLeft };
    Reading reading_ = Reading::LeftToRight;
    double text_end_x_ = 0, text_end_y_ = 0;  // where the last text glyph written ends

    static char32_t first_code_point(const std::string& text) {
        UChar32 c = 0;
        std::size_t i = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
        return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
    }
    static bool strong(char32_t c) {
        auto d = u_charDirection(static_cast<UChar32>(c));
        return d == U_LEFT_TO_RIGHT || d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
    }
    void follow_reading(const std::string& text) {
        for (std::size_t i = 0; i < text.size();) {
            UChar32 c = 0;
            U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
            auto d = u_charDirection(c);
            if (d == U_LEFT_TO_RIGHT) reading_ = Reading::LeftToRight;
            else if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) reading_ = Reading::RightToLeft;
        }
    }

    const Document& doc_;
    const StyleSheet& style_;
    const RenderOptions& options_;
    FontChooser& fonts_;
    std::uint32_t primary_ = 0x1D4F91, on_primary_ = 0xFFFFFF;
    std::vector<Box> boxes_;
};

}  // namespace

StyleSheet a4_style_sheet() {
    StyleSheet s;
    s.layout = "a4";
    s.page_width = 210 * mm;
    s.page_height = 297 * mm;
    s.margin_top = 20 * mm;
    s.margin_bottom = 22 * mm;
    s.margin_left = s.margin_right = 22 * mm;
    s.banner_height = 16 * mm;
    s.banner_gap = 10 * mm;
    // Ragged right: even word spacing is easier to read, above all for dyslexic readers.
    s.body_align = Alignment::Start;
    s.body = BlockStyle{11, 1.45, 0, 7, {}, 0x1A1A1A};
    s.subtitle = BlockStyle{13.5, 1.35, 0, 10, {}, 0x333333};
    s.small = BlockStyle{9.5, 1.4, 6, 0, {}, 0x505050};
    const double sizes[6] = {24, 16, 13, 11.5, 11, 11};
    const double before[6] = {0, 16, 12, 10, 8, 8};
    for (int i = 0; i < 6; ++i) s.headings[i] = BlockStyle{sizes[i], 1.25, before[i], i == 0 ? 8.0 : 5.0, {true, false}, 0x0B0C0C};
    return s;
}

std::string typeset(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts) {
    return Typesetter(doc, style, options, fonts).run();
}

}  // namespace carepack::pdf

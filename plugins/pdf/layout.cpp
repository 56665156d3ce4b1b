#include "layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "carepack/colour.h"
#include "carepack/locale.h"
#include "carepack/unicode.h"
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

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

// Only addresses a reader's PDF viewer can open become link annotations.
bool absolute_link(std::string_view href) {
    if (!(starts_with_ci(href, "https://") || starts_with_ci(href, "http://") || starts_with_ci(href, "mailto:") ||
          starts_with_ci(href, "tel:")))
        return false;
    return std::none_of(href.begin(), href.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

std::string base64_decoded(std::string_view in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    int bits = 0, buffer = 0;
    for (char c : in) {
        if (c == '=') break;
        int v = value(c);
        if (v < 0) {
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
            return {};
        }
        buffer = (buffer << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

struct Decoration {
    bool on = false;
    double x0 = 0, x1 = 0;  // from the content area's left edge
    std::uint32_t fill = 0, bar = 0;
    double bar_width = 0;
    bool bar_right = false;  // right-to-left text: the rule is on its starting side
    bool filled = true;      // false: the rule only (a block quote)
};

struct Box;

// One cell of a table row: its boxes, laid out in its own measure.
struct Cell {
    double x = 0, width = 0;  // from the table row's left edge, padding included
    bool header = false;
    std::vector<Box> boxes;
    double content_height = 0;
    double span_height = 0;  // a cell spanning rows: the height of them all (0: its own row's)
};

struct Row {
    std::vector<Cell> cells;
    double x = 0, width = 0;  // the table's left edge (from the content area's) and width
    double padding = 4;
    bool header = false;
};

struct Graphic {
    enum class Kind { Image, Chart } kind = Kind::Image;
    ImageInfo image;
    ChartData chart;
    Direction dir = Direction::LeftToRight;
    double x = 0, width = 0, height = 0;  // x from the content area's left edge
    int element = -1;                     // the Figure
};

struct Twin;

struct Box {
    enum class Kind { Line, Gap, PageBreak, Row, Graphic, Twin } kind = Kind::Line;
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
    std::vector<const Node*> anchors;  // elements that start here (ids, headings)
    // A contents entry's last line: the page number of `page_of` at the measure's end.
    const Node* page_of = nullptr;
    TextStyle number_style;
    double number_width = 0;
    std::shared_ptr<Row> row;
    int header_begin = -1, header_end = -1;  // Row: the table's header rows, as box indices
    std::shared_ptr<Graphic> graphic;
    std::shared_ptr<Twin> twin;
};

// A bilingual document's line across both columns: a box of each language's text side by side.
struct Twin {
    std::optional<Box> a, b;
    double ax = 0, bx = 0;  // each column's left edge from the content area's
};

// Where blocks go: indents from the measure's edges at the start and end of the lines (the
// left and right for left-to-right text, mirrored for right-to-left), the callout they sit in,
// and the structure element their content belongs to.
struct Frame {
    double width = 0;            // the whole measure these indents are taken from
    double left = 0, right = 0;  // start and end indents
    Direction dir = Direction::LeftToRight;
    Decoration decoration;
    int parent = -1;  // structure element
    int list_depth = 0;
    double physical_left() const { return dir == Direction::RightToLeft ? right : left; }
    double physical_right() const { return dir == Direction::RightToLeft ? left : right; }
    double measure() const { return width - left - right; }
};

struct Placed {
    const Box* box;
    double y;               // from the top of the page's content area
    bool repeated = false;  // a table's header row again on a later page: an artifact
};

class Typesetter {
public:
    Typesetter(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts,
               Diagnostics& diagnostics)
        : doc_(doc), style_(style), options_(options), fonts_(fonts), diagnostics_(diagnostics) {
        if (options.branding) {
            primary_ = packed(options.branding->primary_colour, primary_);
            on_primary_ = packed(options.branding->on_primary_colour, on_primary_);
        }
        second_ = options.parallel;
        for (int d = 0; d < (second_ ? 2 : 1); ++d)
            walk((d == 0 ? doc_ : *second_).body, [&](const Node& n, int) {
                if (const std::string* id = n.attribute("id")) ids_.emplace("#" + std::to_string(d) + "#" + *id, &n);
                if (n.kind == NodeKind::Heading && n.level == 2) contents_entries_[d].push_back(&n);
            });
        pdf_.map_role("Aside", "Div");
    }

    // Lays out the document; the number of pages (panels) it needs.
    std::size_t layout() {
        document_ = open("Document", -1, nullptr);
        pdf_.element(document_).lang = doc_.lang;
        eff_lang_[static_cast<std::size_t>(document_)] = doc_.lang;
        Frame frame;
        frame.width = content_width();
        frame.dir = doc_.dir;
        frame.parent = document_;
        if (second_) {
            // Two columns, a language each, read as two parts. The first language's column is
            // on the left, unless it is written right to left beside a left-to-right one.
            const double gutter = std::max(10.0, style_.margin_left * 0.5);
            const double column = (content_width() - gutter) / 2;
            const bool first_left = !(doc_.dir == Direction::RightToLeft && second_->dir == Direction::LeftToRight);
            column_x_[0] = first_left ? 0 : column + gutter;
            column_x_[1] = first_left ? column + gutter : 0;
            Frame a = frame, b = frame;
            a.width = b.width = column;
            a.parent = open("Part", document_, nullptr);
            b.parent = open("Part", document_, nullptr);
            b.dir = second_->dir;
            if (second_->lang != doc_.lang) {
                pdf_.element(b.parent).lang = second_->lang;
                eff_lang_[static_cast<std::size_t>(b.parent)] = second_->lang;
            }
            parallel(doc_.body, a, second_->body, b);
        } else {
            blocks(doc_.body, frame);
        }
        pages_ = paginate();
        return pages_.size();
    }

    std::string draw();

private:
    double content_width() const { return style_.page_width - style_.margin_left - style_.margin_right; }

    // ---- two languages side by side ----

    static std::vector<const Node*> significant(const std::vector<Node>& nodes) {
        std::vector<const Node*> out;
        for (const auto& n : nodes)
            if (n.kind != NodeKind::Text || n.text.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(&n);
        return out;
    }

    // The two documents come from one template, so their blocks correspond: each pair starts on
    // the same line, sections pair by pair inside.
    void parallel(const std::vector<Node>& first, const Frame& fa, const std::vector<Node>& second, const Frame& fb) {
        const auto a = significant(first), b = significant(second);
        for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
            const Node* x = i < a.size() ? a[i] : nullptr;
            const Node* y = i < b.size() ? b[i] : nullptr;
            if (x && y && x->kind == NodeKind::Section && y->kind == NodeKind::Section &&
                significant(x->children).size() == significant(y->children).size()) {
                Frame ga = fa, gb = fb;
                ga.dir = x->dir;
                gb.dir = y->dir;
                if (x->attribute("id")) pending_anchors_.push_back(x);
                if (y->attribute("id")) pending_anchors_.push_back(y);
                current_ = 0;
                ga.parent = open("Sect", fa.parent, x);
                current_ = 1;
                gb.parent = open("Sect", fb.parent, y);
                parallel(x->children, ga, y->children, gb);
                continue;
            }
            std::vector<Box> left, right;
            auto anchors = std::move(pending_anchors_);
            pending_anchors_.clear();
            for (int side = 0; side < 2; ++side) {
                const Node* n = side == 0 ? x : y;
                if (!n) continue;
                current_ = side;
                std::swap(boxes_, side == 0 ? left : right);
                block(*n, side == 0 ? fa : fb);
                std::swap(boxes_, side == 0 ? left : right);
            }
            current_ = 0;
            twin(left, right, std::move(anchors));
        }
    }

    void twin(std::vector<Box>& a, std::vector<Box>& b, std::vector<const Node*> anchors) {
        for (std::size_t k = 0; k < std::max(a.size(), b.size()); ++k) {
            Box* x = k < a.size() ? &a[k] : nullptr;
            Box* y = k < b.size() ? &b[k] : nullptr;
            if ((x && x->kind == Box::Kind::PageBreak) || (y && y->kind == Box::Kind::PageBreak)) {
                Box p;
                p.kind = Box::Kind::PageBreak;
                boxes_.push_back(std::move(p));
                continue;
            }
            Box t;
            const bool gaps = (!x || (x->kind == Box::Kind::Gap && !x->decoration.on)) &&
                              (!y || (y->kind == Box::Kind::Gap && !y->decoration.on));
            t.kind = gaps ? Box::Kind::Gap : Box::Kind::Twin;
            t.twin = std::make_shared<Twin>();
            t.twin->ax = column_x_[0];
            t.twin->bx = column_x_[1];
            t.anchors = std::move(anchors);
            anchors.clear();
            for (Box* side : {x, y}) {
                if (!side) continue;
                t.height = std::max(t.height, side->height);
                t.keep_with_next |= side->keep_with_next;
                t.anchors.insert(t.anchors.end(), side->anchors.begin(), side->anchors.end());
            }
            if (x) t.twin->a = std::move(*x);
            if (y) t.twin->b = std::move(*y);
            boxes_.push_back(std::move(t));
        }
    }

    // The prefix of `#id` links in the document being laid out (the first or the second).
    std::string scope() const { return "#" + std::to_string(current_); }

    // ---- the structure ----

    int open(std::string type, int parent, const Node* n) {
        if (measuring_) return parent;
        const int e = pdf_.add_element(std::move(type), parent);
        std::string lang = parent >= 0 ? eff_lang_[static_cast<std::size_t>(parent)] : doc_.lang;
        if (n && !n->lang.empty() && n->lang != lang) {
            pdf_.element(e).lang = n->lang;
            lang = n->lang;
        }
        eff_lang_.resize(static_cast<std::size_t>(e) + 1);
        eff_lang_[static_cast<std::size_t>(e)] = lang;
        return e;
    }

    void push(Box b) {
        if (!pending_anchors_.empty() && b.kind != Box::Kind::Gap && b.kind != Box::Kind::PageBreak) {
            b.anchors = std::move(pending_anchors_);
            pending_anchors_.clear();
        }
        boxes_.push_back(std::move(b));
    }

    // ---- blocks to boxes ----

    [[noreturn]] void cannot(const Node& n) const {
        throw Failure(doc_.location_of(n), "the PDF renderer cannot lay out <" +
                                               std::string(element_name(n.kind, n.level)) + "> here");
    }

    void blocks(const std::vector<Node>& nodes, const Frame& frame) {
        for (const auto& n : nodes) block(n, frame);
    }

    void block(const Node& n, const Frame& outer) {
        Frame frame = outer;
        frame.dir = n.dir;
        if (!measuring_ && (n.attribute("id") || n.kind == NodeKind::Heading)) pending_anchors_.push_back(&n);
        switch (n.kind) {
            case NodeKind::Section: {
                frame.parent = open("Sect", outer.parent, &n);
                blocks(n.children, frame);
                break;
            }
            case NodeKind::Heading: {
                const int level = std::clamp(n.level, 1, 6);
                const BlockStyle& s = style_.headings[level - 1];
                const int tag = open("H" + std::to_string(level), outer.parent, &n);
                if (!measuring_ && level <= 3) bookmarks_.push_back(&n);
                paragraph(n.children, s, frame, Alignment::Start, true, s.space_before, s.space_after, tag);
                break;
            }
            case NodeKind::Paragraph: {
                std::string cls = n.attribute_or("class", "");
                const BlockStyle& s = cls == "subtitle" ? style_.subtitle : cls == "version" ? style_.small : style_.body;
                const int tag = open("P", outer.parent, &n);
                paragraph(n.children, s, frame, cls.empty() ? style_.body_align : Alignment::Start, false,
                          s.space_before, s.space_after, tag);
                break;
            }
            case NodeKind::UnorderedList:
            case NodeKind::OrderedList: list(n, frame); break;
            case NodeKind::DefinitionList: definitions(n, frame); break;
            case NodeKind::Aside: callout(n, frame); break;
            case NodeKind::BlockQuote: quotation(n, frame); break;
            case NodeKind::Signature: {
                frame.parent = open("Div", outer.parent, &n);
                gap(style_.body.space_before * 2, frame);
                flow(n.children, style_.body, frame, std::nullopt);
                break;
            }
            case NodeKind::Table: table(n, frame); break;
            case NodeKind::Figure: figure(n, frame); break;
            case NodeKind::Image: image(n, frame); break;
            case NodeKind::Chart: chart(n, frame); break;
            case NodeKind::Contents: contents(n, frame); break;
            case NodeKind::PageBreak: {
                Box b;
                b.kind = Box::Kind::PageBreak;
                push(std::move(b));
                break;
            }
            case NodeKind::Text:
                if (n.text.find_first_not_of(" \t\r\n") != std::string::npos) {
                    const int tag = open("P", outer.parent, &n);
                    paragraph({n}, style_.body, frame, style_.body_align, false, style_.body.space_before,
                              style_.body.space_after, tag);
                }
                break;
            case NodeKind::Strong:
            case NodeKind::Emphasis:
            case NodeKind::Link:
            case NodeKind::Span:
            case NodeKind::Abbreviation:
            case NodeKind::Time:
            case NodeKind::Data:
            case NodeKind::LineBreak: {
                const int tag = open("P", outer.parent, &n);
                paragraph({n}, style_.body, frame, style_.body_align, false, style_.body.space_before,
                          style_.body.space_after, tag);
                break;
            }
            default: cannot(n);
        }
    }

    // Mixed content (a list item, a definition, a cell): inline runs become paragraphs whose
    // text belongs to `frame.parent` (or to a new element of `run_type`), blocks stay blocks.
    // The marker, if any, goes beside the first line.
    void flow(const std::vector<Node>& nodes, const BlockStyle& s, const Frame& frame, std::optional<Line> marker,
              const char* run_type = nullptr) {
        std::vector<Node> pending;
        auto settle = [&] {
            bool has_text = false;
            for (const auto& p : pending)
                has_text |= p.kind != NodeKind::Text || p.text.find_first_not_of(" \t\r\n") != std::string::npos;
            if (has_text) {
                std::size_t first = boxes_.size();
                const int tag = run_type ? open(run_type, frame.parent, nullptr) : frame.parent;
                paragraph(pending, s, frame, Alignment::Start, false, 0, 0, tag);
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

    TextStyle text_style(const BlockStyle& s, int tag) const {
        TextStyle t;
        t.size = s.size;
        t.font = s.font;
        t.colour = s.colour;
        t.tag = tag;
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
                const bool internal = href.size() > 1 && href[0] == '#' && ids_.count(scope() + href);
                if (absolute_link(href) || internal) {
                    style.link = internal ? scope() + href : href;
                    style.tag = open("Link", style.tag, &n);
                    if (!measuring_) link_text_[style.tag] = fold_space(n.plain_text());
                }
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

    // Sets `content` into line boxes whose text belongs to element `tag`. Returns the lines'
    // widest width (for measuring table columns).
    double paragraph(const std::vector<Node>& content, const BlockStyle& s, const Frame& frame, Alignment align,
                     bool keep_all, double before, double after, int tag, double reserve = 0) {
        ParagraphText text;
        for (const auto& n : content) inlines(n, text, text_style(s, tag));
        text.trim_end();
        if (text.empty()) return 0;
        LineSettings settings;
        settings.width = std::max(1.0, frame.measure() - reserve);
        settings.align = align;
        settings.direction = frame.dir;
        auto lines = set_paragraph(text, settings, fonts_);
        gap(before, frame);
        const double line_height = s.size * s.leading;
        double widest = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            Box b;
            b.kind = Box::Kind::Line;
            double ascent = lines[i].pieces.empty() ? s.size * 0.8 : lines[i].ascent;
            double descent = lines[i].pieces.empty() ? s.size * 0.2 : lines[i].descent;
            b.height = std::max(line_height, ascent + descent);
            b.baseline = (b.height - (ascent + descent)) / 2 + ascent;
            b.x = frame.physical_left() + (frame.dir == Direction::RightToLeft ? reserve : 0);
            b.measure = settings.width;
            b.dir = frame.dir;
            widest = std::max(widest, lines[i].width);
            b.line = std::move(lines[i]);
            // Headings stay with what follows; a paragraph leaves neither its first line alone
            // at a page foot nor its last alone at the top of the next.
            b.keep_with_next = keep_all || (lines.size() >= 2 && (i == 0 || i + 2 == lines.size()));
            b.decoration = frame.decoration;
            push(std::move(b));
        }
        gap(after, frame);
        return widest;
    }

    Line marker_line(const std::string& marker, const BlockStyle& s, Direction dir, int tag) {
        ParagraphText text;
        text.append(marker, text_style(s, tag), doc_.lang, dir, Location());
        LineSettings settings;
        settings.width = content_width();
        settings.direction = dir;
        auto lines = set_paragraph(text, settings, fonts_);
        return lines.empty() ? Line{} : std::move(lines.front());
    }

    static std::string letters(long n) {
        std::string s;
        while (n > 0) {
            --n;
            s.insert(s.begin(), static_cast<char>('a' + n % 26));
            n /= 26;
        }
        return s;
    }

    void list(const Node& n, const Frame& frame) {
        const bool ordered = n.kind == NodeKind::OrderedList;
        long number = 1;
        if (const std::string* start = n.attribute("start")) number = std::strtol(start->c_str(), nullptr, 10);
        const int list_tag = open("L", frame.parent, &n);
        if (!measuring_)
            pdf_.element(list_tag).list_numbering =
                ordered ? (frame.list_depth % 2 == 1 ? "LowerAlpha" : "Decimal") : "Disc";
        Frame inner = frame;
        inner.left += style_.list_indent;
        inner.list_depth = frame.list_depth + 1;
        gap(frame.list_depth == 0 ? style_.body.space_before : 0, frame);
        bool first = true;
        for (const auto& item : n.children) {
            if (item.kind != NodeKind::ListItem) continue;
            if (!first) gap(style_.item_gap, frame);
            first = false;
            // Nested lists are told apart by their markers: 1. a. i for numbers, a bullet then a dash.
            std::string marker;
            if (ordered) marker = (frame.list_depth % 2 == 1 ? letters(number) : std::to_string(number)) + ".";
            else marker = frame.list_depth % 2 == 1 ? "\u2013" : "\u2022";
            ++number;
            const int li = open("LI", list_tag, &item);
            const int label = open("Lbl", li, nullptr);
            Frame body = inner;
            body.parent = open("LBody", li, nullptr);
            flow(item.children, style_.body, body, marker_line(marker, style_.body, frame.dir, label));
        }
        gap(frame.list_depth == 0 ? style_.body.space_after : style_.item_gap, frame);
    }

    // A term and its definitions are a list item: the term its label, the definitions its body.
    void definitions(const Node& n, const Frame& frame) {
        BlockStyle term = style_.body;
        term.font.bold = true;
        const int list_tag = open("L", frame.parent, &n);
        if (!measuring_) pdf_.element(list_tag).list_numbering = "None";  // its labels are the terms
        Frame inner = frame;
        inner.left += style_.definition_indent;
        gap(style_.body.space_before, frame);
        int body = -1;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            const Node& c = n.children[i];
            if (c.kind == NodeKind::Term) {
                gap(style_.item_gap * 2, frame);
                const int li = open("LI", list_tag, &c);
                const int label = open("Lbl", li, &c);
                body = open("LBody", li, nullptr);
                paragraph(c.children, term, frame, Alignment::Start, true, 0, 0, label);
            } else if (c.kind == NodeKind::Definition) {
                if (body < 0) {
                    const int li = open("LI", list_tag, &c);
                    body = open("LBody", li, nullptr);
                }
                Frame d = inner;
                d.parent = body;
                std::size_t first = boxes_.size();
                flow(c.children, style_.body, d, std::nullopt);
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
        inner.parent = open("Aside", frame.parent, &n);
        inner.decoration.on = true;
        inner.decoration.x0 = frame.physical_left();
        inner.decoration.x1 = frame.width - frame.physical_right();
        inner.decoration.bar_right = frame.dir == Direction::RightToLeft;
        inner.decoration.fill = style_.callout_fill;
        inner.decoration.bar = primary_;
        inner.decoration.bar_width = style_.callout_bar;
        inner.decoration.filled = true;
        inner.left += style_.callout_bar + style_.callout_padding;
        inner.right += style_.callout_padding;
        gap(style_.callout_padding, inner);
        std::size_t first = boxes_.size();
        if (const std::string* title = n.attribute("title"); title && !title->empty()) {
            Node t;
            t.kind = NodeKind::Text;
            t.text = *title;
            t.lang = n.lang;
            t.dir = n.dir;
            BlockStyle s = style_.body;
            s.font.bold = true;
            paragraph({t}, s, inner, Alignment::Start, true, 0, style_.item_gap, open("P", inner.parent, nullptr));
        }
        flow(n.children, style_.body, inner, std::nullopt, "P");
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

    void quotation(const Node& n, const Frame& frame) {
        Frame inner = frame;
        inner.parent = open("BlockQuote", frame.parent, &n);
        inner.decoration.on = true;
        inner.decoration.filled = false;
        inner.decoration.x0 = frame.physical_left() + style_.quote_indent / 2;
        inner.decoration.x1 = frame.width - frame.physical_right();
        inner.decoration.bar_right = frame.dir == Direction::RightToLeft;
        if (inner.decoration.bar_right) inner.decoration.x1 -= style_.quote_indent / 2;
        inner.decoration.bar = style_.rule_colour;
        inner.decoration.bar_width = style_.quote_bar;
        inner.left += style_.quote_indent + style_.quote_bar;
        inner.right += style_.quote_indent;
        gap(style_.body.space_before, frame);
        BlockStyle s = style_.body;
        s.font.italic = true;
        flow(n.children, s, inner, std::nullopt, "P");
        gap(style_.body.space_after, frame);
    }

    // ---- tables ----

    struct TableRow {
        const Node* node;
        bool header;
    };

    // Lays out a cell's content in `measure`; the boxes go in `out`.
    void lay_out_cell(const Node& cell, double measure, int tag, std::vector<Box>& out) {
        std::swap(boxes_, out);
        auto anchors = std::move(pending_anchors_);
        pending_anchors_.clear();
        Frame f;
        f.width = measure;
        f.dir = cell.dir;
        f.parent = tag;
        BlockStyle s = style_.cell;
        if (cell.kind == NodeKind::HeaderCell) s.font.bold = true;
        flow(cell.children, s, f, std::nullopt);
        while (!boxes_.empty() && boxes_.back().kind == Box::Kind::Gap) boxes_.pop_back();
        while (!boxes_.empty() && boxes_.front().kind == Box::Kind::Gap) boxes_.erase(boxes_.begin());
        for (auto& b : boxes_) b.keep_with_next = false;
        std::swap(boxes_, out);
        pending_anchors_ = std::move(anchors);
    }

    // The narrowest a cell can be (its longest word) and its width set on one line.
    std::pair<double, double> cell_widths(const Node& cell) {
        std::vector<Box> boxes;
        measuring_ = true;
        lay_out_cell(cell, 100000, -1, boxes);
        measuring_ = false;
        double narrowest = 0, widest = 0;
        for (const auto& b : boxes) {
            if (b.kind != Box::Kind::Line) continue;
            double indent = b.x;
            widest = std::max(widest, indent + b.line.width);
            double word = 0;
            for (const auto& piece : b.line.pieces)
                for (const auto& g : piece.glyphs) {
                    if (g.text == " " || g.text.empty()) {
                        if (g.text == " ") word = 0;
                        continue;
                    }
                    word += g.advance;
                    narrowest = std::max(narrowest, indent + word);
                }
        }
        return {narrowest, widest};
    }

    void table(const Node& n, const Frame& frame) {
        const int table_tag = open("Table", frame.parent, &n);
        gap(style_.body.space_before, frame);
        // Rows in order, with whether they are header rows: a thead's, or leading rows of th only.
        std::vector<TableRow> rows;
        std::vector<std::pair<const Node*, std::size_t>> groups;  // thead/tbody and their first row
        const Node* caption = nullptr;
        for (const auto& c : n.children) {
            if (c.kind == NodeKind::Caption) caption = &c;
            else if (c.kind == NodeKind::TableHead || c.kind == NodeKind::TableBody) {
                groups.emplace_back(&c, rows.size());
                for (const auto& r : c.children)
                    if (r.kind == NodeKind::TableRow) rows.push_back({&r, c.kind == NodeKind::TableHead});
            } else if (c.kind == NodeKind::TableRow) {
                rows.push_back({&c, false});
            }
        }
        if (groups.empty())
            for (auto& r : rows) {
                bool all_th = !r.node->children.empty();
                for (const auto& cell : r.node->children)
                    if (cell.kind == NodeKind::DataCell) all_th = false;
                if (!all_th) break;
                r.header = true;
            }
        if (caption) {
            BlockStyle s = style_.caption;
            paragraph(caption->children, s, frame, Alignment::Start, true, 0, style_.item_gap,
                      open("Caption", table_tag, caption));
        }
        // Where each cell sits: its first column, and how many columns and rows it spans (a
        // cell spanning rows takes its columns in the rows below it).
        struct Placed {
            const Node* cell;
            std::size_t column, columns, rows;
        };
        auto span = [](const Node& cell, const char* name) {
            long s = std::strtol(cell.attribute_or(name, "1").c_str(), nullptr, 10);
            return static_cast<std::size_t>(std::clamp(s, 1L, 50L));
        };
        std::vector<std::vector<Placed>> grid(rows.size());
        std::vector<std::size_t> busy;  // per column: rows still taken, this one included
        for (std::size_t ri = 0; ri < rows.size(); ++ri) {
            std::size_t c = 0;
            for (const auto& cell : rows[ri].node->children) {
                if (cell.kind != NodeKind::HeaderCell && cell.kind != NodeKind::DataCell) continue;
                while (c < busy.size() && busy[c] > 0) ++c;
                const std::size_t cs = span(cell, "colspan"), rs = std::min(span(cell, "rowspan"), rows.size() - ri);
                grid[ri].push_back({&cell, c, cs, rs});
                if (busy.size() < c + cs) busy.resize(c + cs, 0);
                for (std::size_t k = c; k < c + cs; ++k) busy[k] = rs;
                c += cs;
            }
            for (auto& b : busy)
                if (b > 0) --b;
        }
        const std::size_t columns = busy.size();
        if (columns == 0) return;

        // Column widths from the content, as a browser's automatic table layout does: every
        // column gets its longest word, and what is left is shared by how much more each wants.
        const double pad = style_.cell_padding;
        std::vector<double> narrow(columns, 0), wide(columns, 0);
        for (const auto& row : grid)
            for (const auto& p : row)
                if (p.columns == 1) {
                    auto [lo, hi] = cell_widths(*p.cell);
                    narrow[p.column] = std::max(narrow[p.column], lo + 2 * pad);
                    wide[p.column] = std::max(wide[p.column], hi + 2 * pad);
                }
        const double available = frame.measure();
        double sum_narrow = 0, sum_wide = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            narrow[c] = std::max(narrow[c], 2 * pad + 8);
            wide[c] = std::max(wide[c], narrow[c]);
            sum_narrow += narrow[c];
            sum_wide += wide[c];
        }
        std::vector<double> widths(columns);
        if (sum_wide <= available) {
            // Everything fits on one line: spread the spare width in proportion.
            for (std::size_t c = 0; c < columns; ++c) widths[c] = wide[c] + (available - sum_wide) * wide[c] / sum_wide;
        } else if (sum_narrow >= available) {
            for (std::size_t c = 0; c < columns; ++c) widths[c] = narrow[c] * available / sum_narrow;
        } else {
            const double share = (available - sum_narrow) / (sum_wide - sum_narrow);
            for (std::size_t c = 0; c < columns; ++c) widths[c] = narrow[c] + (wide[c] - narrow[c]) * share;
        }

        const bool rtl = frame.dir == Direction::RightToLeft;
        const double table_x = frame.physical_left();
        int header_begin = -1, header_end = -1;
        struct Spanning {
            std::size_t box, cell, rows;  // the row's box, the cell in it, how many rows it spans
        };
        std::vector<Spanning> spanning;
        int group_tag = -1;
        std::size_t group_index = 0;
        for (std::size_t ri = 0; ri < rows.size(); ++ri) {
            const TableRow& r = rows[ri];
            if (group_index < groups.size() && groups[group_index].second == ri) {
                group_tag = open(groups[group_index].first->kind == NodeKind::TableHead ? "THead" : "TBody", table_tag,
                                 groups[group_index].first);
                ++group_index;
            }
            const int row_tag = open("TR", group_tag >= 0 ? group_tag : table_tag, r.node);
            auto row = std::make_shared<Row>();
            row->x = table_x;
            row->width = available;
            row->padding = pad;
            row->header = r.header;
            double height = 0;
            for (const auto& p : grid[ri]) {
                const Node& cell = *p.cell;
                const std::size_t c = p.column, cs = p.columns;
                double x = 0, w = 0;
                for (std::size_t k = 0; k < c; ++k) x += widths[k];
                for (std::size_t k = c; k < c + cs; ++k) w += widths[k];
                if (rtl) x = available - x - w;
                const bool is_th = cell.kind == NodeKind::HeaderCell;
                const int cell_tag = open(is_th ? "TH" : "TD", row_tag, &cell);
                if (!measuring_) {
                    StructureElement& e = pdf_.element(cell_tag);
                    if (is_th) {
                        std::string scope = cell.attribute_or("scope", r.header ? "col" : "row");
                        e.scope = scope == "row" ? "Row" : scope == "col" ? "Column" : "Both";
                    }
                    e.row_span = static_cast<int>(p.rows);
                    e.col_span = static_cast<int>(cs);
                }
                Cell out;
                out.x = x;
                out.width = w;
                out.header = is_th;
                if (cell.attribute("id")) pending_anchors_.push_back(&cell);
                lay_out_cell(cell, w - 2 * pad, cell_tag, out.boxes);
                for (const auto& b : out.boxes) out.content_height += b.height;
                if (p.rows == 1) height = std::max(height, out.content_height);
                else spanning.push_back({boxes_.size(), row->cells.size(), p.rows});
                row->cells.push_back(std::move(out));
            }
            Box b;
            b.kind = Box::Kind::Row;
            b.height = height + 2 * pad;
            b.row = std::move(row);
            b.dir = frame.dir;
            b.decoration = frame.decoration;
            // A table's caption and header rows stay with its first body row.
            b.keep_with_next = r.header;
            const int index = static_cast<int>(boxes_.size());
            if (r.header) {
                if (header_begin < 0) header_begin = index;
                header_end = index + 1;
            }
            push(std::move(b));
        }
        // A cell spanning rows: the rows stay together on one page, and the last grows if the
        // cell needs more than they have.
        for (const auto& sp : spanning) {
            const std::size_t last = std::min(sp.box + sp.rows, boxes_.size()) - 1;
            Cell& cell = boxes_[sp.box].row->cells[sp.cell];
            double total = 0;
            for (std::size_t i = sp.box; i <= last; ++i) {
                total += boxes_[i].height;
                if (i < last) boxes_[i].keep_with_next = true;
            }
            const double needed = cell.content_height + 2 * pad;
            if (needed > total) {
                boxes_[last].height += needed - total;
                total = needed;
            }
            cell.span_height = total;
        }
        for (std::size_t i = static_cast<std::size_t>(std::max(header_end, 0)); i < boxes_.size(); ++i)
            if (boxes_[i].kind == Box::Kind::Row && header_begin >= 0 && !boxes_[i].row->header) {
                boxes_[i].header_begin = header_begin;
                boxes_[i].header_end = header_end;
            }
        gap(style_.body.space_after, frame);
    }

    // ---- figures, images, charts ----

    void figure(const Node& n, const Frame& frame) {
        Frame inner = frame;
        inner.parent = open("Div", frame.parent, &n);
        gap(style_.body.space_before, frame);
        for (const auto& c : n.children) {
            if (c.kind == NodeKind::FigureCaption) {
                paragraph(c.children, style_.caption, inner, Alignment::Start, false, style_.item_gap, 0,
                          open("Caption", inner.parent, &c));
            } else {
                block(c, inner);
            }
        }
        gap(style_.body.space_after, frame);
    }

    // The bytes of an image source: embedded data, or a file in the council's folder.
    std::optional<std::string> image_bytes(const Node& n, const std::string& src) {
        if (starts_with_ci(src, "data:image/")) {
            auto comma = src.find(',');
            if (comma == std::string::npos || src.substr(0, comma).find(";base64") == std::string::npos) return std::nullopt;
            std::string bytes = base64_decoded(std::string_view(src).substr(comma + 1));
            if (bytes.empty()) return std::nullopt;
            return bytes;
        }
        if (src.find("://") != std::string::npos || src.empty() || src[0] == '/' || !options_.branding ||
            options_.branding->folder.empty()) {
            diagnostics_.warning(doc_.location_of(n), "the image '" + src +
                                                          "' is not in the council's folder, so the PDF shows its alt text instead");
            return std::nullopt;
        }
        const std::filesystem::path folder = std::filesystem::weakly_canonical(options_.branding->folder);
        const std::filesystem::path file = std::filesystem::weakly_canonical(folder / src);
        auto [end, _] = std::mismatch(folder.begin(), folder.end(), file.begin(), file.end());
        if (end != folder.end()) {
            diagnostics_.warning(doc_.location_of(n), "the image '" + src + "' is outside the council's folder; its alt text is shown instead");
            return std::nullopt;
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            diagnostics_.warning(doc_.location_of(n), "the image " + file.string() + " cannot be read; its alt text is shown instead");
            return std::nullopt;
        }
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

    void alt_text_instead(const Node& n, const std::string& alt, const Frame& frame) {
        Node t;
        t.kind = NodeKind::Text;
        t.text = "[" + alt + "]";
        t.lang = n.lang;
        t.dir = n.dir;
        paragraph({t}, style_.caption, frame, Alignment::Start, false, 0, style_.body.space_after,
                  open("P", frame.parent, &n));
    }

    void image(const Node& n, const Frame& frame) {
        const std::string src = n.attribute_or("src", ""), alt = n.attribute_or("alt", "");
        std::optional<ImageInfo> info;
        if (auto cached = images_.find(&n); cached != images_.end()) {
            info = cached->second;
        } else if (auto bytes = image_bytes(n, src)) {
            try {
                info = pdf_.add_image(*bytes, "the image '" + src.substr(0, 60) + "'");
                images_.emplace(&n, *info);
            } catch (const Failure& f) {
                diagnostics_.warning(doc_.location_of(n), f.what());
            }
        }
        if (!info) {
            alt_text_instead(n, alt, frame);
            return;
        }
        // At its own size (96 pixels to the inch unless width or height say otherwise), scaled
        // down to fit the measure and part of the page.
        double w = info->width_px * 0.75, h = info->height_px * 0.75;
        if (const std::string* a = n.attribute("width")) {
            double want = std::strtod(a->c_str(), nullptr) * 0.75;
            if (want > 0) {
                h *= want / w;
                w = want;
            }
        }
        const double max_w = frame.measure(), max_h = (style_.page_height - style_.margin_top - style_.margin_bottom) *
                                                       style_.image_max_height;
        const double f = std::min({1.0, max_w / w, max_h / h});
        auto g = std::make_shared<Graphic>();
        g->kind = Graphic::Kind::Image;
        g->image = *info;
        g->width = w * f;
        g->height = h * f;
        g->dir = frame.dir;
        g->x = frame.dir == Direction::RightToLeft ? frame.width - frame.physical_right() - g->width : frame.physical_left();
        g->element = open("Figure", frame.parent, &n);
        if (!measuring_) pdf_.element(g->element).alt = alt;
        Box b;
        b.kind = Box::Kind::Graphic;
        b.height = g->height + style_.item_gap;
        b.graphic = std::move(g);
        b.decoration = frame.decoration;
        push(std::move(b));
    }

    void chart(const Node& n, const Frame& frame) {
        std::vector<std::string> problems;
        auto data = chart_data(n, problems);
        for (const auto& p : problems) diagnostics_.warning(doc_.location_of(n), p);
        if (data && !data->categories.empty() && !data->series.empty()) {
            auto g = std::make_shared<Graphic>();
            g->kind = Graphic::Kind::Chart;
            g->chart = *data;
            g->width = frame.measure();
            g->height = std::min(style_.chart_max_height, g->width * style_.chart_height);
            g->dir = frame.dir;
            g->x = frame.physical_left();
            g->element = open("Figure", frame.parent, &n);
            if (!measuring_) {
                std::string alt = data->title.empty() ? data->description : data->title + ". " + data->description;
                pdf_.element(g->element).alt = fold_space(alt);
            }
            gap(style_.body.space_before, frame);
            Box b;
            b.kind = Box::Kind::Graphic;
            b.height = g->height;
            b.graphic = std::move(g);
            b.keep_with_next = true;  // with its table's caption at least
            b.decoration = frame.decoration;
            push(std::move(b));
            gap(style_.item_gap * 2, frame);
        }
        // The data table always follows: the chart's text alternative for every reader.
        for (const auto& c : n.children)
            if (c.kind == NodeKind::Table) table(c, frame);
    }

    // ---- the contents ----

    void contents(const Node& n, const Frame& frame) {
        const auto& entries = contents_entries_[current_];
        if (entries.empty()) {
            diagnostics_.warning(doc_.location_of(n), "the contents has no h2 headings to list; it is left out");
            return;
        }
        const int toc = open("TOC", frame.parent, &n);
        std::string title = n.attribute_or("title", "");
        const Catalog* catalog = current_ == 1 && options_.parallel_catalog ? options_.parallel_catalog : options_.catalog;
        if (title.empty()) title = catalog ? catalog->get("html-contents") : "Contents";
        Node t;
        t.kind = NodeKind::Text;
        t.text = title;
        t.lang = n.lang;
        t.dir = n.dir;
        const BlockStyle& hs = style_.headings[1];
        paragraph({t}, hs, frame, Alignment::Start, true, hs.space_before, hs.space_after, open("H2", toc, &n));
        TextStyle number = text_style(style_.body, -1);
        const double reserve = 3 * style_.body.size + style_.marker_gap;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Node* heading = entries[i];
            const std::string key = scope() + "#\x01" + std::to_string(i);
            ids_.emplace(key, heading);
            const int item = open("TOCI", toc, heading);
            const int link = open("Link", item, nullptr);
            if (!measuring_) link_text_[link] = fold_space(heading->plain_text());
            TextStyle s = text_style(style_.body, link);
            s.link = key;
            ParagraphText text;
            for (const auto& c : heading->children) inlines(c, text, s);
            text.trim_end();
            LineSettings settings;
            settings.width = frame.measure() - reserve;
            settings.direction = frame.dir;
            auto lines = set_paragraph(text, settings, fonts_);
            gap(style_.item_gap, frame);
            for (std::size_t k = 0; k < lines.size(); ++k) {
                Box b;
                b.kind = Box::Kind::Line;
                b.height = std::max(style_.body.size * style_.body.leading, lines[k].ascent + lines[k].descent);
                b.baseline = (b.height - (lines[k].ascent + lines[k].descent)) / 2 + lines[k].ascent;
                b.x = frame.physical_left() + (frame.dir == Direction::RightToLeft ? reserve : 0);
                b.measure = settings.width;
                b.dir = frame.dir;
                b.line = std::move(lines[k]);
                b.keep_with_next = k + 1 < lines.size();
                b.decoration = frame.decoration;
                if (k + 1 == lines.size()) {
                    b.page_of = heading;
                    b.number_style = s;
                    b.number_width = reserve;
                }
                push(std::move(b));
            }
        }
        gap(style_.body.space_after, frame);
    }

    // ---- boxes to pages ----

    double content_height(std::size_t page) const {
        return style_.page_height - top_margin(page) - style_.margin_bottom;
    }

    // The first page's text starts below the council's band.
    double top_margin(std::size_t page) const {
        return page == 0 && style_.banner_height > 0 ? style_.banner_height + style_.banner_gap : style_.margin_top;
    }

    static bool atomic(const Box& b) {
        return b.kind == Box::Kind::Line || b.kind == Box::Kind::Row || b.kind == Box::Kind::Graphic ||
               b.kind == Box::Kind::Twin;
    }

    std::vector<std::vector<Placed>> paginate() {
        std::vector<std::vector<Placed>> pages(1);
        double y = 0;
        auto place = [&](const Box& b, bool repeated = false) {
            if (b.kind == Box::Kind::Gap && pages.back().empty()) return;  // no space at a page top
            pages.back().push_back({&b, y, repeated});
            y += b.height;
        };
        auto new_page = [&](const Box& next, std::vector<const Box*> carried) {
            pages.emplace_back();
            y = 0;
            // A table carried on: its header rows again, unless they are coming along anyway.
            const Box* first_row = nullptr;
            for (const Box* c : carried)
                if (c->kind == Box::Kind::Row) {
                    first_row = c;
                    break;
                }
            if (!first_row && next.kind == Box::Kind::Row) first_row = &next;
            if (first_row && first_row->header_begin >= 0 && !first_row->row->header)
                for (int h = first_row->header_begin; h < first_row->header_end; ++h)
                    place(boxes_[static_cast<std::size_t>(h)], true);
            for (const Box* c : carried) place(*c);
        };
        for (const Box& b : boxes_) {
            if (b.kind == Box::Kind::PageBreak) {
                if (!pages.back().empty()) new_page(b, {});
                continue;
            }
            if (atomic(b) && y + b.height > content_height(pages.size() - 1) + 0.01 && !pages.back().empty()) {
                // Take along the boxes that must stay with this one (a heading, a paragraph's
                // first line, a table's header rows), unless that would leave the page empty.
                auto& page = pages.back();
                std::size_t k = page.size();
                while (k > 0 && !page[k - 1].repeated &&
                       (page[k - 1].box->kind == Box::Kind::Gap || page[k - 1].box->keep_with_next))
                    --k;
                while (k < page.size() && page[k].box->kind == Box::Kind::Gap) ++k;
                std::vector<const Box*> carried;
                bool only_repeats = true;
                for (std::size_t i = 0; i < k; ++i) only_repeats &= page[i].repeated || page[i].box->kind == Box::Kind::Gap;
                if (k > 0 && !only_repeats) {
                    for (std::size_t i = k; i < page.size(); ++i) carried.push_back(page[i].box);
                    page.resize(k);
                    while (!page.empty() && page.back().box->kind == Box::Kind::Gap) page.pop_back();
                }
                new_page(b, carried);
            }
            place(b);
        }
        for (auto& page : pages)
            while (!page.empty() && page.back().box->kind == Box::Kind::Gap) page.pop_back();
        if (pages.size() > 1 && pages.back().empty()) pages.pop_back();
        return pages;
    }

    // ---- pages to PDF ----

    // A glyph as its outline (a form made once per glyph), outside any text object.
    void draw_outline(std::size_t page, std::string& out, const LinePiece& piece, const PlacedGlyph& g, double gx,
                      double gy) {
        if (!has_outline(*piece.face, g.glyph)) return;
        const double scale = piece.style.size / piece.face->units_per_em();
        out += "q " + num(scale) + " 0 0 " + num(scale) + " " + num(gx) + " " + num(gy) + " cm /" +
               pdf_.glyph_form(page, piece.face, g.glyph) + " Do Q\n";
    }

    struct LinkTarget {
        std::size_t page;
        double y;
    };
    std::optional<LinkTarget> target_of(const std::string& href) const {
        auto id = ids_.find(href);
        if (id == ids_.end()) return std::nullopt;
        auto at = anchor_at_.find(id->second);
        if (at == anchor_at_.end()) return std::nullopt;
        return at->second;
    }

    // Each piece's glyphs are written in logical order, each at its visual position, so text
    // comes back out in reading order; each piece is marked content of its structure element
    // (with its language where that differs), or plain text inside an artifact.
    void draw_line(std::size_t page, std::string& out, const Line& line, double x, double y, bool artifact = false) {
        for (std::size_t pi = 0; pi < line.pieces.size(); ++pi) {
            const LinePiece& piece = line.pieces[pi];
            EmbeddedFont& font = pdf_.font(page, piece.face);
            const double size = piece.style.size;
            const bool tagged = !artifact && piece.style.tag >= 0;
            if (tagged) {
                const std::string& lang = eff_lang_[static_cast<std::size_t>(piece.style.tag)];
                out += pdf_.begin_content(page, piece.style.tag, piece.lang != lang ? piece.lang : std::string());
            } else if (!artifact) {
                out += "/Artifact BMC\n";
            }
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
                    draw_outline(page, out, piece, g, gx, gy);
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
                    draw_outline(page, out, piece, g, gx, gy);
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
                    draw_outline(page, out, piece, g, gx, gy);
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
            if (!artifact) out += "EMC\n";
            if (piece.style.underline) {
                const double thickness = std::max(0.5, size * 0.06);
                out += std::string(artifact ? "" : "/Artifact BMC\n") + num(x + piece.x) + " " + num(y - size * 0.14) +
                       " " + num(piece.width) + " " + num(-thickness) + " re f\n" + (artifact ? "" : "EMC\n");
            }
            if (tagged && !piece.style.link.empty()) {
                const LinkArea area{x + piece.x, y - line.descent, x + piece.x + piece.width, y + line.ascent};
                const std::string& contents = link_text_[piece.style.tag];
                if (piece.style.link[0] == '#') {
                    if (auto t = target_of(piece.style.link))
                        pdf_.add_internal_link(page, area, placements_[t->page].sheet, t->y, piece.style.tag, contents);
                } else {
                    pdf_.add_link(page, area, piece.style.link, piece.style.tag, contents);
                }
            }
        }
    }

    Line single_line(const std::string& s, const TextStyle& style, Alignment align, double width,
                     Direction dir = Direction::LeftToRight, const std::string& lang = {}) {
        ParagraphText text;
        text.append(s, style, lang.empty() ? doc_.lang : lang, dir, Location());
        LineSettings settings;
        settings.width = width;
        settings.align = align;
        settings.direction = dir;
        auto lines = set_paragraph(text, settings, fonts_);
        return lines.empty() ? Line{} : std::move(lines.front());
    }

    void draw_decoration(std::string& out, const Decoration& d, double left, double top, double height) {
        if (!d.on) return;
        out += "/Artifact BMC\n";
        if (d.filled)
            out += rgb(d.fill) + " rg\n" + num(left + d.x0) + " " + num(top - height) + " " + num(d.x1 - d.x0) + " " +
                   num(height) + " re f\n";
        if (d.bar_width > 0)
            out += rgb(d.bar) + " rg\n" + num(left + (d.bar_right ? d.x1 - d.bar_width : d.x0)) + " " +
                   num(top - height) + " " + num(d.bar_width) + " " + num(height) + " re f\n";
        out += "EMC\n";
    }

    // A box whose top is at `top`, in a content area whose left edge is at `left`.
    void draw_box(std::size_t page, std::string& out, const Box& b, double left, double top, bool artifact) {
        draw_decoration(out, b.decoration, left, top, b.height);
        switch (b.kind) {
            case Box::Kind::Line: {
                const double baseline = top - b.baseline;
                if (b.marker) draw_line(page, out, *b.marker, left + b.marker_x, baseline, artifact);
                draw_line(page, out, b.line, left + b.x, baseline, artifact);
                if (b.page_of) draw_page_number(page, out, b, left, baseline, artifact);
                break;
            }
            case Box::Kind::Row: draw_row(page, out, *b.row, left, top, b.height, artifact); break;
            case Box::Kind::Twin:
                if (b.twin->a) draw_box(page, out, *b.twin->a, left + b.twin->ax, top, artifact);
                if (b.twin->b) draw_box(page, out, *b.twin->b, left + b.twin->bx, top, artifact);
                break;
            case Box::Kind::Graphic:
                if (b.graphic->kind == Graphic::Kind::Image) draw_image(page, out, *b.graphic, left, top);
                else draw_chart(page, out, *b.graphic, left, top);
                break;
            default: break;
        }
    }

    // A contents entry's page number, at the end of its last line, with dots leading to it.
    void draw_page_number(std::size_t page, std::string& out, const Box& b, double left, double baseline, bool artifact) {
        auto at = anchor_at_.find(b.page_of);
        if (at == anchor_at_.end()) return;
        const std::string number = std::to_string(at->second.page + 1);
        Line l = single_line(number, b.number_style, Alignment::Start, b.number_width);
        const bool rtl = b.dir == Direction::RightToLeft;
        double x = rtl ? left + b.x - b.number_width : left + b.x + b.measure + b.number_width - l.width;
        // The leader: dots from the text's end to the number, decoration only.
        double text_end = rtl ? left + b.x + (b.measure - b.line.width) : left + b.x + b.line.width;
        double from = rtl ? x + l.width + 3 : text_end + 3, to = rtl ? text_end - 3 : x - 3;
        if (to - from > 6)
            out += "/Artifact BMC\n" + rgb(0x6f777b) + " RG\n0.8 w\n1 J\n[0 3] 0 d\n" + num(from) + " " +
                   num(baseline + 1) + " m " + num(to) + " " + num(baseline + 1) + " l S\n[] 0 d\n0 J\nEMC\n";
        draw_line(page, out, l, x, baseline, artifact);
    }

    void draw_row(std::size_t page, std::string& out, const Row& row, double left, double top, double height,
                  bool artifact) {
        out += "/Artifact BMC\n";
        for (const auto& cell : row.cells) {
            const double h = cell.span_height > 0 ? cell.span_height : height;
            if (cell.header)
                out += rgb(style_.header_fill) + " rg\n" + num(left + row.x + cell.x) + " " + num(top - h) + " " +
                       num(cell.width) + " " + num(h) + " re f\n";
            // A rule under each cell (a cell spanning rows: under the last); a heavier one under
            // the header.
            out += rgb(row.header ? 0x505a5f : style_.rule_colour) + " RG\n" + num(row.header ? 1.2 : 0.6) + " w\n" +
                   num(left + row.x + cell.x) + " " + num(top - h) + " m " + num(left + row.x + cell.x + cell.width) +
                   " " + num(top - h) + " l S\n";
        }
        out += "EMC\n";
        for (const auto& cell : row.cells) {
            double y = top - row.padding;
            for (const auto& b : cell.boxes) {
                draw_box(page, out, b, left + row.x + cell.x + row.padding, y, artifact);
                y -= b.height;
            }
        }
    }

    void draw_image(std::size_t page, std::string& out, const Graphic& g, double left, double top) {
        out += pdf_.begin_content(page, g.element) + "q " + num(g.width) + " 0 0 " + num(g.height) + " " +
               num(left + g.x) + " " + num(top - g.height) + " cm /" + pdf_.image_name(page, g.image.index) +
               " Do Q\nEMC\n";
    }

    static std::string axis_number(double v) {
        if (std::abs(v - std::round(v)) < 1e-9) return std::to_string(static_cast<long long>(std::llround(v)));
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", v);
        return buf;
    }

    // A bar or line chart as vectors: gridlines with their values, the bars or lines, the
    // categories under them and a key for more than one series. Mirrored for right to left.
    void draw_chart(std::size_t page, std::string& out, const Graphic& g, double left, double top) {
        const ChartData& c = g.chart;
        const bool rtl = g.dir == Direction::RightToLeft;
        const double x0 = left + g.x, width = g.width, bottom = top - g.height;
        const double label_size = std::max(7.0, style_.body.size * 0.8);
        TextStyle label;
        label.size = label_size;
        label.colour = 0x333333;
        label.tag = g.element;
        auto mirror = [&](double x) { return rtl ? x0 + width - (x - x0) : x; };
        static const std::uint32_t palette[] = {0, 0xD4351C, 0x5694CA, 0x85994B, 0x912B88, 0xF47738};
        auto colour = [&](std::size_t s) { return s == 0 ? primary_ : palette[s % 6]; };

        double max = 0;
        for (const auto& series : c.values)
            for (double v : series) max = std::max(max, v);
        double step = 1;
        if (max > 0) {
            const double raw = max / 4, mag = std::pow(10.0, std::floor(std::log10(raw))), norm = raw / mag;
            step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
        }
        const double top_value = std::max(step, std::ceil(max / step - 1e-9) * step);
        const std::string unit = c.unit == "%" ? "%" : "";

        // The key, when there is more than one series.
        double key_height = 0;
        if (c.series.size() > 1) {
            key_height = label_size * 1.8;
            double x = x0;
            for (std::size_t s = 0; s < c.series.size(); ++s) {
                Line l = single_line(c.series[s], label, Alignment::Start, width, g.dir);
                const double item = label_size + 4 + l.width + 12;
                const double sx = rtl ? x0 + width - (x - x0) - label_size : x;
                out += "/Artifact BMC\n" + rgb(colour(s)) + " rg\n" + num(sx) + " " + num(top - label_size) + " " +
                       num(label_size * 0.8) + " " + num(label_size * 0.8) + " re f\nEMC\n";
                const double tx = rtl ? sx - 4 - l.width : sx + label_size + 4;
                draw_line(page, out, l, tx, top - label_size + 1);
                x += item;
            }
        }
        // The value axis: its labels' widest width.
        double axis = 0;
        std::vector<double> ticks;
        for (double v = 0; v <= top_value + 1e-9; v += step) ticks.push_back(v);
        for (double v : ticks) axis = std::max(axis, single_line(axis_number(v) + unit, label, Alignment::Start, width).width);
        axis += 6;
        const double category_height = label_size * 2.6;
        const double plot_left = x0 + axis, plot_right = x0 + width, plot_bottom = bottom + category_height,
                     plot_top = top - key_height - label_size;
        const double plot_height = plot_top - plot_bottom;
        auto y_of = [&](double v) { return plot_bottom + plot_height * v / top_value; };

        out += "/Artifact BMC\n" + rgb(0xDEE0E2) + " RG\n0.5 w\n";
        for (double v : ticks)
            out += num(mirror(plot_left)) + " " + num(y_of(v)) + " m " + num(mirror(plot_right)) + " " + num(y_of(v)) + " l S\n";
        out += rgb(0x505a5f) + " RG\n1 w\n" + num(mirror(plot_left)) + " " + num(plot_bottom) + " m " +
               num(mirror(plot_right)) + " " + num(plot_bottom) + " l S\nEMC\n";
        for (double v : ticks) {
            Line l = single_line(axis_number(v) + unit, label, Alignment::Start, width);
            const double lx = rtl ? mirror(plot_left) + 4 : plot_left - 4 - l.width;
            draw_line(page, out, l, lx, y_of(v) - label_size * 0.35);
        }
        const std::size_t n = c.categories.size(), series = c.series.size();
        const double slot = (plot_right - plot_left) / static_cast<double>(n);
        std::string shapes;
        if (c.type == "line") {
            for (std::size_t s = 0; s < series; ++s) {
                shapes += rgb(colour(s)) + " RG\n" + rgb(colour(s)) + " rg\n2 w\n1 j\n";
                for (std::size_t i = 0; i < n; ++i) {
                    const double x = mirror(plot_left + slot * (static_cast<double>(i) + 0.5));
                    shapes += num(x) + " " + num(y_of(c.values[s][i])) + (i == 0 ? " m " : " l ");
                }
                shapes += "S\n";
                for (std::size_t i = 0; i < n; ++i) {
                    const double x = mirror(plot_left + slot * (static_cast<double>(i) + 0.5));
                    shapes += num(x - 2.5) + " " + num(y_of(c.values[s][i]) - 2.5) + " 5 5 re f\n";
                }
            }
        } else {
            const double group = slot * 0.7, bar = group / static_cast<double>(series);
            for (std::size_t s = 0; s < series; ++s) {
                shapes += rgb(colour(s)) + " rg\n";
                for (std::size_t i = 0; i < n; ++i) {
                    const double v = std::max(0.0, c.values[s][i]);
                    double x = plot_left + slot * static_cast<double>(i) + slot * 0.15 + bar * static_cast<double>(s);
                    if (rtl) x = mirror(x) - bar;
                    shapes += num(x) + " " + num(plot_bottom) + " " + num(bar) + " " + num(y_of(v) - plot_bottom) + " re f\n";
                }
            }
        }
        out += pdf_.begin_content(page, g.element) + shapes + "EMC\n";
        // Categories under their bars: up to two lines each, smaller if need be.
        for (std::size_t i = 0; i < n; ++i) {
            ParagraphText text;
            text.append(c.categories[i], label, doc_.lang, g.dir, Location());
            LineSettings settings;
            settings.width = slot - 2;
            settings.align = Alignment::Centre;
            settings.direction = g.dir;
            auto lines = set_paragraph(text, settings, fonts_);
            const double x = rtl ? mirror(plot_left + slot * static_cast<double>(i + 1)) : plot_left + slot * static_cast<double>(i);
            double y = plot_bottom - label_size * 1.1;
            for (std::size_t k = 0; k < lines.size() && k < 2; ++k) {
                draw_line(page, out, lines[k], x + 1, y);
                y -= label_size * 1.15;
            }
        }
    }

    // The council's band across the top of the first page: its colour, its logo or name.
    void draw_banner(std::size_t page, std::string& out, double left_edge, double page_left) {
        const double band_top = style_.page_height, band_bottom = style_.page_height - style_.banner_height;
        out += "/Artifact <</Type /Layout>> BDC\n" + rgb(primary_) + " rg\n" + num(page_left) + " " + num(band_bottom) +
               " " + num(style_.page_width) + " " + num(band_top - band_bottom) + " re f\n";
        const double inner = style_.banner_height * 0.62;
        bool logo_drawn = false;
        if (logo_) {
            const double h = inner, w = logo_->width_px * h / logo_->height_px;
            const double x = doc_.dir == Direction::RightToLeft ? page_left + style_.page_width - style_.margin_right - w : left_edge;
            out += "q " + num(w) + " 0 0 " + num(h) + " " + num(x) + " " + num(band_bottom + (band_top - band_bottom - h) / 2) +
                   " cm /" + pdf_.image_name(page, logo_->index) + " Do Q\n";
            logo_drawn = true;
        }
        if (!logo_drawn && options_.branding && !options_.branding->council_name.empty()) {
            TextStyle name;
            name.size = std::min(15.0, style_.banner_height * 0.35);
            name.font.bold = true;
            name.colour = on_primary_;
            Line l = single_line(options_.branding->council_name, name, Alignment::Start, content_width());
            draw_line(page, out, l, left_edge, band_bottom + (band_top - band_bottom) / 2 - name.size * 0.35, true);
        }
        out += "EMC\n";
    }

    const Document& doc_;
    const StyleSheet& style_;
    const RenderOptions& options_;
    FontChooser& fonts_;
    Diagnostics& diagnostics_;
    PdfFile pdf_;
    std::uint32_t primary_ = 0x1D4F91, on_primary_ = 0xFFFFFF;
    std::vector<Box> boxes_;
    std::vector<std::vector<Placed>> pages_;
    std::vector<Placement> placements_;
    int document_ = -1;
    bool measuring_ = false;
    std::vector<std::string> eff_lang_;  // each element's language, inherited or its own
    std::map<int, std::string> link_text_;
    std::map<std::string, const Node*> ids_;  // `#id` -> element
    const Document* second_ = nullptr;   // a bilingual document's second language
    int current_ = 0;                    // which of the two is being laid out
    double column_x_[2] = {0, 0};
    std::vector<const Node*> contents_entries_[2];
    std::vector<const Node*> bookmarks_;
    std::vector<const Node*> pending_anchors_;
    std::map<const Node*, LinkTarget> anchor_at_;  // page (panel) and its y on the paper
    std::map<const Node*, ImageInfo> images_;
    std::optional<ImageInfo> logo_;

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
};

std::string Typesetter::draw() {
    // Where each page goes on the paper. A leaflet with fewer than six panels of content puts
    // its last on the back panel.
    std::size_t sheets = pages_.size();
    if (style_.panels > 1) {
        auto all = leaflet_placements(style_.page_width, doc_.dir);
        for (std::size_t p = 0; p < pages_.size(); ++p)
            placements_.push_back(p + 1 == pages_.size() && p > 0 ? all.back() : all[p]);
        sheets = 2;
    } else {
        for (std::size_t p = 0; p < pages_.size(); ++p) placements_.push_back({p, 0});
    }
    for (std::size_t s = 0; s < sheets; ++s) pdf_.add_page(style_.sheet_width, style_.sheet_height);

    // Every anchor's place first: links may point forwards.
    for (std::size_t p = 0; p < pages_.size(); ++p)
        for (const auto& placed : pages_[p]) {
            if (placed.repeated) continue;
            for (const Node* a : placed.box->anchors)
                anchor_at_.emplace(a, LinkTarget{p, style_.page_height - top_margin(p) - placed.y});
        }
    if (options_.branding && !options_.branding->print_logo.empty() && style_.banner_height > 0) {
        std::ifstream in(options_.branding->print_logo, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        try {
            logo_ = pdf_.add_image(s.str(), "the print logo " + options_.branding->print_logo.string());
        } catch (const Failure& f) {
            diagnostics_.warning(Location::in_file(options_.branding->print_logo.string()), f.what());
        }
    }

    const std::string count = std::to_string(pages_.size());
    for (std::size_t p = 0; p < pages_.size(); ++p) {
        const std::size_t sheet = placements_[p].sheet;
        const double page_left = placements_[p].x, left = page_left + style_.margin_left;
        std::string& out = pdf_.content(sheet);
        reading_ = Reading::LeftToRight;
        const double top = style_.page_height - top_margin(p);
        if (p == 0 && style_.banner_height > 0) draw_banner(sheet, out, left, page_left);
        if (style_.running_header && p > 0) {
            // The title at the start, the council at the end, above a rule.
            out += "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n";
            TextStyle head;
            head.size = style_.footer_size;
            head.colour = 0x505A5F;
            const double y = style_.page_height - style_.margin_top / 2;
            Line title = single_line(doc_.title, head, Alignment::Start, content_width() * 0.6, doc_.dir);
            draw_line(sheet, out, title, doc_.dir == Direction::RightToLeft ? left + content_width() * 0.4 : left, y, true);
            const std::string end_text = second_ ? second_->title
                                                 : options_.branding ? options_.branding->council_name : std::string();
            if (!end_text.empty()) {
                Line council = single_line(end_text, head, Alignment::Start, content_width() * 0.4,
                                           second_ ? second_->dir : Direction::LeftToRight,
                                           second_ ? second_->lang : std::string());
                const double x = doc_.dir == Direction::RightToLeft ? left : left + content_width() - council.width;
                draw_line(sheet, out, council, x, y, true);
            }
            out += rgb(style_.rule_colour) + " RG\n0.5 w\n" + num(left) + " " + num(y - style_.footer_size * 0.6) + " m " +
                   num(left + content_width()) + " " + num(y - style_.footer_size * 0.6) + " l S\nEMC\n";
        }
        for (const auto& placed : pages_[p]) {
            if (placed.repeated) out += "/Artifact <</Type /Pagination>> BDC\n";
            draw_box(sheet, out, *placed.box, left, top - placed.y, placed.repeated);
            if (placed.repeated) out += "EMC\n";
        }
        if (style_.page_numbers) {
            const std::string number = std::to_string(p + 1);
            std::string label = options_.catalog
                                    ? options_.catalog->format("pdf-page-number", {{"page", number}, {"pages", count}})
                                    : number + " / " + count;
            TextStyle footer;
            footer.size = style_.footer_size;
            footer.colour = 0x505050;
            Line l = single_line(label, footer, Alignment::Centre, content_width(), doc_.dir);
            out += "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n";
            draw_line(sheet, out, l, left, style_.margin_bottom / 2, true);
            out += "EMC\n";
        }
    }

    std::vector<Bookmark> marks;
    for (const Node* h : bookmarks_) {
        auto at = anchor_at_.find(h);
        if (at == anchor_at_.end()) continue;
        std::string title = fold_space(h->plain_text());
        if (title.empty()) continue;
        marks.push_back(Bookmark{std::clamp(h->level, 1, 3), title, placements_[at->second.page].sheet, at->second.y});
    }
    pdf_.set_bookmarks(marks);
    pdf_.set_decimal_page_labels();
    DocumentProperties props;
    props.title = second_ ? doc_.title + " / " + second_->title : doc_.title;
    auto author = doc_.meta.find("author");
    props.author = author != doc_.meta.end() ? author->second
                                             : (options_.branding ? options_.branding->council_name : std::string());
    props.subject = doc_.kind;
    props.lang = doc_.lang;
    props.created = options_.date;
    pdf_.set_properties(props);
    return pdf_.save();
}

BlockStyle block(double size, double leading, double before, double after, bool bold, std::uint32_t colour) {
    return BlockStyle{size, leading, before, after, {bold, false}, colour};
}

void set_headings(StyleSheet& s, const double (&sizes)[6], const double (&before)[6]) {
    for (int i = 0; i < 6; ++i)
        s.headings[i] = block(sizes[i], 1.25, before[i], i == 0 ? sizes[0] / 3 : sizes[i] * 0.45, true, 0x0B0C0C);
}

}  // namespace

void StyleSheet::scale(double f) {
    for (BlockStyle* b : {&body, &subtitle, &small, &caption, &cell, &headings[0], &headings[1], &headings[2],
                          &headings[3], &headings[4], &headings[5]}) {
        b->size *= f;
        b->space_before *= f;
        b->space_after *= f;
    }
    list_indent *= f;
    marker_gap *= f;
    item_gap *= f;
    definition_indent *= f;
    callout_padding *= f;
    quote_indent *= f;
    cell_padding *= f;
}

StyleSheet a4_style_sheet() {
    StyleSheet s;
    s.layout = "a4";
    s.page_width = s.sheet_width = 210 * mm;
    s.page_height = s.sheet_height = 297 * mm;
    s.margin_top = 20 * mm;
    s.margin_bottom = 22 * mm;
    s.margin_left = s.margin_right = 22 * mm;
    s.banner_height = 16 * mm;
    s.banner_gap = 10 * mm;
    // Ragged right: even word spacing is easier to read, above all for dyslexic readers.
    s.body_align = Alignment::Start;
    s.body = block(11, 1.45, 0, 7, false, 0x1A1A1A);
    s.subtitle = block(13.5, 1.35, 0, 10, false, 0x333333);
    s.small = block(9.5, 1.4, 6, 0, false, 0x505050);
    s.caption = block(10, 1.35, 0, 4, true, 0x1A1A1A);
    s.cell = block(10, 1.3, 0, 3, false, 0x1A1A1A);
    set_headings(s, {24, 16, 13, 11.5, 11, 11}, {0, 16, 12, 10, 8, 8});
    return s;
}

StyleSheet a5_style_sheet() {
    StyleSheet s = a4_style_sheet();
    s.layout = "a5";
    s.page_width = s.sheet_width = 148 * mm;
    s.page_height = s.sheet_height = 210 * mm;
    s.margin_top = 15 * mm;
    s.margin_bottom = 16 * mm;
    s.margin_left = s.margin_right = 14 * mm;
    s.banner_height = 12 * mm;
    s.banner_gap = 7 * mm;
    s.footer_size = 8;
    s.body = block(10, 1.4, 0, 6, false, 0x1A1A1A);
    s.subtitle = block(12, 1.35, 0, 8, false, 0x333333);
    s.small = block(8.5, 1.4, 5, 0, false, 0x505050);
    s.caption = block(9, 1.35, 0, 3, true, 0x1A1A1A);
    s.cell = block(9, 1.3, 0, 2, false, 0x1A1A1A);
    set_headings(s, {19, 14, 12, 10.5, 10, 10}, {0, 13, 10, 8, 6, 6});
    s.list_indent = 16;
    s.callout_padding = 8;
    s.quote_indent = 16;
    return s;
}

StyleSheet large_print_style_sheet() {
    StyleSheet s = a4_style_sheet();
    s.layout = "large-print";
    s.margin_top = s.margin_bottom = 20 * mm;
    s.margin_left = s.margin_right = 20 * mm;
    s.banner_height = 20 * mm;
    s.footer_size = 14;
    // At least 16 point, generous leading and space between paragraphs, ragged, one column.
    s.body = block(16, 1.55, 0, 12, false, 0x0B0C0C);
    s.subtitle = block(19, 1.45, 0, 14, false, 0x0B0C0C);
    s.small = block(16, 1.5, 8, 0, false, 0x0B0C0C);
    s.caption = block(16, 1.45, 0, 6, true, 0x0B0C0C);
    s.cell = block(16, 1.4, 0, 4, false, 0x0B0C0C);
    set_headings(s, {32, 24, 20, 18, 17, 16}, {0, 22, 18, 14, 12, 12});
    s.list_indent = 30;
    s.marker_gap = 9;
    s.item_gap = 8;
    s.definition_indent = 20;
    s.callout_padding = 14;
    s.callout_bar = 6;
    s.quote_indent = 28;
    s.cell_padding = 6;
    s.chart_max_height = 260;
    return s;
}

StyleSheet leaflet_style_sheet() {
    StyleSheet s = a4_style_sheet();
    s.layout = "leaflet";
    s.sheet_width = 297 * mm;
    s.sheet_height = 210 * mm;
    s.panels = 3;
    s.page_width = s.sheet_width / 3;
    s.page_height = s.sheet_height;
    s.margin_top = s.margin_bottom = 10 * mm;
    s.margin_left = s.margin_right = 9 * mm;
    s.banner_height = 24 * mm;
    s.banner_gap = 8 * mm;
    s.running_header = false;
    s.page_numbers = false;
    s.max_pages = 6;
    s.body = block(9.5, 1.4, 0, 5, false, 0x1A1A1A);
    s.subtitle = block(12, 1.35, 0, 8, false, 0x333333);
    s.small = block(8, 1.35, 4, 0, false, 0x505050);
    s.caption = block(8.5, 1.3, 0, 3, true, 0x1A1A1A);
    s.cell = block(8.5, 1.3, 0, 2, false, 0x1A1A1A);
    set_headings(s, {20, 13, 11, 10, 9.5, 9.5}, {0, 9, 7, 6, 5, 5});
    s.list_indent = 13;
    s.marker_gap = 5;
    s.item_gap = 2;
    s.definition_indent = 10;
    s.callout_padding = 7;
    s.callout_bar = 3;
    s.quote_indent = 12;
    s.cell_padding = 3;
    s.chart_max_height = 120;
    return s;
}

std::vector<std::string> layouts() { return {"a4", "a5", "large-print", "leaflet"}; }

std::optional<StyleSheet> style_sheet(std::string_view layout) {
    if (layout.empty() || layout == "a4") return a4_style_sheet();
    if (layout == "a5") return a5_style_sheet();
    if (layout == "large-print") return large_print_style_sheet();
    if (layout == "leaflet") return leaflet_style_sheet();
    return std::nullopt;
}

std::vector<Placement> leaflet_placements(double w, Direction dir) {
    // Reading order: cover, inside flap, inside left, middle, right, back.
    if (dir == Direction::RightToLeft)
        return {{0, 0}, {0, 2 * w}, {1, 2 * w}, {1, w}, {1, 0}, {0, w}};
    return {{0, 2 * w}, {0, 0}, {1, 0}, {1, w}, {1, 2 * w}, {0, w}};
}

std::string typeset(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts,
                    Diagnostics& diagnostics) {
    if (style.max_pages == 0) {
        Typesetter t(doc, style, options, fonts, diagnostics);
        t.layout();
        return t.draw();
    }
    // A leaflet has its panels and no more: its type is made smaller, a step at a time, until
    // the content fits, and no smaller than 7.5 point body text.
    StyleSheet fitted = style;
    std::size_t needed = 0;
    for (int attempt = 0; attempt < 8; ++attempt) {
        Diagnostics these;
        auto t = std::make_unique<Typesetter>(doc, fitted, options, fonts, these);
        needed = t->layout();
        if (needed <= static_cast<std::size_t>(style.max_pages)) {
            diagnostics.append(these);
            return t->draw();
        }
        if (fitted.body.size * 0.94 < 7.5) break;
        fitted.scale(0.94);
    }
    throw Failure(doc.where, "the " + style.layout + "'s content needs " + std::to_string(needed) + " panels at " +
                                 num(fitted.body.size) + " point; it has " + std::to_string(style.max_pages) +
                                 ". Shorten its template, or make it as a5 or a4.");
}

}  // namespace carepack::pdf

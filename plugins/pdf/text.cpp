#include "text.h"

#include <algorithm>
#include <cstdio>

#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace carepack::pdf {

namespace {

bool same_style(const TextStyle& a, const TextStyle& b) {
    return a.size == b.size && a.font == b.font && a.colour == b.colour && a.underline == b.underline && a.link == b.link;
}

bool collapsible_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string code_point_name(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    std::string s = buf;
    char name[128];
    UErrorCode err = U_ZERO_ERROR;
    u_charName(static_cast<UChar32>(c), U_UNICODE_CHAR_NAME, name, sizeof name, &err);
    if (U_SUCCESS(err) && name[0]) s += std::string(" ") + name;
    return s;
}

// A short quotation of the text around byte `at`, for messages.
std::string excerpt(const std::string& text, std::size_t at) {
    std::size_t begin = at > 20 ? at - 20 : 0, end = std::min(text.size(), at + 20);
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return "'" + text.substr(begin, end - begin) + "'";
}

struct CodePoint {
    char32_t c;
    std::size_t offset;  // bytes
    int script;
};

struct Run {
    std::size_t begin, end;  // bytes
    const StyledSpan* span;
    int script;
    std::shared_ptr<const FontFace> face;
};

struct Glyph {
    std::uint32_t id;
    std::size_t cluster;  // byte offset of the cluster's first character
    double advance, x_offset, y_offset;  // points
    std::size_t run;
    std::string text;
    bool space = false;  // a word space: where justification stretches
};

bool is_white(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::size_t count_code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// The first `n` code points of `s` and the rest.
std::pair<std::string_view, std::string_view> split_code_points(std::string_view s, std::size_t n) {
    std::size_t i = 0, seen = 0;
    while (i < s.size()) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == n) break;
            ++seen;
        }
        ++i;
    }
    return {s.substr(0, i), s.substr(i)};
}

// Shapes `run` and appends its glyphs, each with the text it stands for: a cluster's text is
// split across its glyphs in order, one character each and the rest on the last; glyphs beyond
// the cluster's characters stand for nothing.
void shape(const std::string& text, const Run& run, std::size_t run_index, std::vector<Glyph>& out) {
    thread_local hb_buffer_t* buffer = hb_buffer_create();
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), static_cast<unsigned>(run.begin),
                       static_cast<int>(run.end - run.begin));
    hb_buffer_set_direction(buffer, HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer, hb_script_from_string(script_code(run.script).c_str(), -1));
    if (!run.span->lang.empty()) hb_buffer_set_language(buffer, hb_language_from_string(run.span->lang.c_str(), -1));
    hb_shape(run.face->font(), buffer, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    const double scale = run.span->style.size / run.face->units_per_em();
    for (unsigned i = 0; i < count;) {
        unsigned j = i;
        while (j < count && info[j].cluster == info[i].cluster) ++j;
        std::size_t begin = info[i].cluster;
        std::size_t end = j < count ? info[j].cluster : run.end;
        std::string_view cluster(text.data() + begin, end - begin);
        std::size_t chars = count_code_points(cluster);
        std::string_view rest = cluster;
        for (unsigned k = i; k < j; ++k) {
            if (info[k].codepoint == 0) {
                char32_t c = 0;
                std::size_t at = begin;
                U8_NEXT_UNSAFE(text.data(), at, c);
                throw Failure(run.span->where, "the font " + run.face->postscript_name() + " has no glyph for " +
                                                   code_point_name(c) + " in " + excerpt(text, begin) +
                                                   (run.span->lang.empty() ? "" : " (language " + run.span->lang + ")"));
            }
            Glyph g;
            g.id = info[k].codepoint;
            g.cluster = begin;
            g.advance = pos[k].x_advance * scale;
            g.x_offset = pos[k].x_offset * scale;
            g.y_offset = pos[k].y_offset * scale;
            g.run = run_index;
            std::size_t position = k - i;
            if (position + 1 == j - i) {
                g.text = std::string(rest);
            } else if (position < chars) {
                auto [first, others] = split_code_points(rest, 1);
                g.text = std::string(first);
                rest = others;
            }
            g.space = g.text == " ";
            out.push_back(std::move(g));
        }
        i = j;
    }
}

}  // namespace

std::string script_code(int script) {
    const char* s = uscript_getShortName(static_cast<UScriptCode>(script));
    return s ? s : "Zzzz";
}

std::string script_name(int script) {
    const char* s = uscript_getName(static_cast<UScriptCode>(script));
    std::string name = s ? s : "Unknown";
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

void ParagraphText::append(std::string_view text, const TextStyle& style, std::string_view lang, Direction dir,
                           const Location& where) {
    // A space collapsed from the end of the text before belongs to that text, so that a link
    // or a bold word does not start with one.
    if (pending_space_ && text.find_first_not_of(" \t\n\r\f") != std::string_view::npos) {
        text_ += ' ';
        pending_space_ = false;
        if (!spans_.empty() && spans_.back().end + 1 == text_.size()) spans_.back().end = text_.size();
    }
    std::size_t begin = text_.size();
    for (char c : text) {
        if (collapsible_space(c)) {
            if (!text_.empty() && text_.back() != '\n') pending_space_ = true;
            continue;
        }
        if (pending_space_) {
            text_ += ' ';
            pending_space_ = false;
        }
        text_ += c;
    }
    if (text_.size() == begin) return;
    if (!spans_.empty() && spans_.back().end == begin && same_style(spans_.back().style, style) &&
        spans_.back().lang == lang && spans_.back().dir == dir) {
        spans_.back().end = text_.size();
        return;
    }
    spans_.push_back(StyledSpan{begin, text_.size(), style, std::string(lang), dir, where});
}

void ParagraphText::line_break(const TextStyle& style, std::string_view lang, const Location& where) {
    pending_space_ = false;
    std::size_t begin = text_.size();
    text_ += '\n';
    spans_.push_back(StyledSpan{begin, text_.size(), style, std::string(lang), Direction::LeftToRight, where});
}

void ParagraphText::trim_end() {
    pending_space_ = false;
    while (!text_.empty() && (text_.back() == ' ' || text_.back() == '\n')) {
        text_.pop_back();
        while (!spans_.empty() && spans_.back().begin >= text_.size()) spans_.pop_back();
        if (!spans_.empty()) spans_.back().end = std::min(spans_.back().end, text_.size());
    }
}

FontChooser::FontChooser() : scripts_{USCRIPT_LATIN, USCRIPT_GREEK, USCRIPT_CYRILLIC} {}

std::vector<std::string> FontChooser::scripts() const {
    std::vector<std::string> codes;
    for (int s : scripts_) codes.push_back(script_code(s));
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::shared_ptr<const FontFace> FontChooser::face(int script, FontStyle style, std::string_view) {
    if (!scripts_.count(script)) return nullptr;
    auto& slot = cache_[(style.bold ? 1 : 0) + (style.italic ? 2 : 0)];
    if (!slot) slot = FontLibrary::shared().find("Noto Sans", style);
    return slot;
}

std::vector<Line> set_paragraph(const ParagraphText& paragraph, const LineSettings& settings, FontChooser& fonts) {
    const std::string& text = paragraph.text();
    std::vector<Line> lines;
    if (text.empty()) return lines;

    // Code points with their scripts; characters common to many scripts (spaces, digits,
    // punctuation) and combining marks take the script around them.
    std::vector<CodePoint> points;
    points.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
        if (c < 0) c = 0xFFFD;
        UErrorCode err = U_ZERO_ERROR;
        int script = uscript_getScript(c, &err);
        points.push_back({static_cast<char32_t>(c), at, script});
    }
    auto neutral = [](int s) { return s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN; };
    int last = -1;
    for (auto& p : points) {
        if (neutral(p.script)) {
            if (last >= 0) p.script = last;
        } else {
            last = p.script;
        }
    }
    int next = USCRIPT_LATIN;
    for (auto it = points.rbegin(); it != points.rend(); ++it) {
        if (neutral(it->script)) it->script = next;
        else next = it->script;
    }

    // Runs: one span, one script; forced breaks are not shaped.
    std::vector<Run> runs;
    std::size_t span_index = 0;
    const auto& spans = paragraph.spans();
    for (const auto& p : points) {
        while (span_index + 1 < spans.size() && p.offset >= spans[span_index].end) ++span_index;
        if (p.c == '\n') continue;
        const StyledSpan* span = &spans[span_index];
        if (!runs.empty() && runs.back().span == span && runs.back().script == p.script && runs.back().end == p.offset) {
            runs.back().end = p.offset + static_cast<std::size_t>(U8_LENGTH(static_cast<UChar32>(p.c)));
            continue;
        }
        auto face = fonts.face(p.script, span->style.font, span->lang);
        if (!face) {
            std::string codes;
            for (const auto& s : fonts.scripts()) codes += (codes.empty() ? "" : ", ") + s;
            throw Failure(span->where, "the PDF renderer cannot set " + script_name(p.script) + " script (" +
                                           script_code(p.script) + ") yet: " + excerpt(text, p.offset) +
                                           (span->lang.empty() ? "" : " in language " + span->lang) +
                                           "; it sets " + codes);
        }
        runs.push_back(Run{p.offset, p.offset + static_cast<std::size_t>(U8_LENGTH(static_cast<UChar32>(p.c))), span,
                           p.script, std::move(face)});
    }

    std::vector<Glyph> glyphs;
    glyphs.reserve(text.size());
    for (std::size_t r = 0; r < runs.size(); ++r) shape(text, runs[r], r, glyphs);

    // Line break opportunities (UAX #14), as byte offsets, and the forced ones.
    thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
        UErrorCode err = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), err));
        if (U_FAILURE(err)) throw Failure(Location(), "ICU has no line breaking rules");
        return b;
    }();
    icu::UnicodeString utf16;
    std::vector<std::size_t> byte_at;  // UTF-16 index -> byte offset
    byte_at.reserve(text.size() + 1);
    for (const auto& p : points) {
        byte_at.push_back(p.offset);
        if (p.c > 0xFFFF) byte_at.push_back(p.offset);
        utf16.append(static_cast<UChar32>(p.c));
    }
    byte_at.push_back(text.size());
    breaker->setText(utf16);
    std::vector<std::pair<std::size_t, bool>> breaks;  // (byte offset, forced)
    for (int32_t b = breaker->next(); b != icu::BreakIterator::DONE; b = breaker->next()) {
        std::size_t at = byte_at[static_cast<std::size_t>(b)];
        bool forced = breaker->getRuleStatus() >= UBRK_LINE_HARD && at > 0 && text[at - 1] == '\n';
        breaks.emplace_back(at, forced);
    }

    // Fill lines greedily, segment by segment (a segment runs from one opportunity to the next).
    struct Range {
        std::size_t begin, end;
        bool forced_end;
    };
    std::vector<Range> ranges;
    std::size_t line_begin = 0, g = 0;
    double line_width = 0, pending_white = 0;
    auto measure = [&](std::size_t from) { return from == 0 && ranges.empty() ? settings.width - settings.first_indent : settings.width; };
    auto close_line = [&](std::size_t end, bool forced) {
        ranges.push_back({line_begin, end, forced});
        line_begin = end;
        line_width = 0;
        pending_white = 0;
    };
    for (const auto& [at, forced] : breaks) {
        std::size_t seg_begin = g;
        while (g < glyphs.size() && glyphs[g].cluster < at) ++g;
        std::size_t seg_end = g;
        std::size_t content_end = seg_end;
        while (content_end > seg_begin && is_white(glyphs[content_end - 1].text)) --content_end;
        double content = 0, white = 0;
        for (std::size_t k = seg_begin; k < content_end; ++k) content += glyphs[k].advance;
        for (std::size_t k = content_end; k < seg_end; ++k) white += glyphs[k].advance;
        double avail = measure(line_begin);
        if (line_begin < seg_begin && line_width + pending_white + content > avail) {
            close_line(seg_begin, false);
            avail = measure(line_begin);
        }
        if (line_begin == seg_begin && content > avail) {
            // One word wider than the measure (a long web address): break it between clusters.
            double w = 0;
            for (std::size_t k = seg_begin; k < content_end; ++k) {
                bool cluster_start = k == seg_begin || glyphs[k].cluster != glyphs[k - 1].cluster;
                if (cluster_start && k > line_begin && w + glyphs[k].advance > avail) {
                    close_line(k, false);
                    avail = measure(line_begin);
                    w = 0;
                }
                w += glyphs[k].advance;
            }
            line_width = w;
            pending_white = white;
        } else {
            line_width += pending_white + content;
            pending_white = white;
        }
        if (forced) close_line(seg_end, true);
    }
    if (line_begin < glyphs.size() || ranges.empty()) ranges.push_back({line_begin, glyphs.size(), true});

    for (std::size_t li = 0; li < ranges.size(); ++li) {
        auto [begin, end, forced_end] = ranges[li];
        while (end > begin && is_white(glyphs[end - 1].text)) --end;
        Line line;
        const double avail = li == 0 ? settings.width - settings.first_indent : settings.width;
        double natural = 0;
        std::size_t spaces = 0;
        for (std::size_t k = begin; k < end; ++k) {
            natural += glyphs[k].advance;
            spaces += glyphs[k].space;
        }
        double stretch = 0;
        bool last = li + 1 == ranges.size() || forced_end;
        if (settings.align == Alignment::Justify && !last && spaces > 0 && natural < avail)
            stretch = (avail - natural) / static_cast<double>(spaces);
        double x = li == 0 ? settings.first_indent : 0;
        if (settings.align == Alignment::Centre) x += std::max(0.0, (avail - natural) / 2);
        for (std::size_t k = begin; k < end; ++k) {
            const Glyph& gl = glyphs[k];
            const Run& run = runs[gl.run];
            if (line.pieces.empty() || line.pieces.back().face != run.face || !same_style(line.pieces.back().style, run.span->style) ||
                line.pieces.back().lang != run.span->lang) {
                LinePiece piece;
                piece.face = run.face;
                piece.style = run.span->style;
                piece.lang = run.span->lang;
                piece.x = x;
                line.pieces.push_back(std::move(piece));
                const double size = run.span->style.size, upem = run.face->units_per_em();
                line.ascent = std::max(line.ascent, run.face->ascender() * size / upem);
                line.descent = std::max(line.descent, -run.face->descender() * size / upem);
            }
            LinePiece& piece = line.pieces.back();
            double advance = gl.advance + (gl.space ? stretch : 0);
            piece.glyphs.push_back(PlacedGlyph{gl.id, gl.text, x - piece.x, advance, gl.x_offset, gl.y_offset});
            x += advance;
            piece.width = x - piece.x;
        }
        line.width = x;
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace carepack::pdf

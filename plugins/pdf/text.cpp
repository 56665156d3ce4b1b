#include "text.h"

#include "carepack/unicode.h"

#include <algorithm>
#include <cstdio>

#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

namespace carepack::pdf {

namespace {

bool same_style(const TextStyle& a, const TextStyle& b) {
    return a.size == b.size && a.font == b.font && a.colour == b.colour && a.underline == b.underline && a.link == b.link &&
           a.tag == b.tag;
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
    std::string s = text.substr(begin, end - begin);
    std::replace(s.begin(), s.end(), '\n', ' ');
    return "'" + s + "'";
}

struct CodePoint {
    char32_t c;
    std::size_t offset;  // bytes
    int script;
    UBiDiLevel level;
};

struct Run {
    std::size_t begin, end;  // bytes
    const StyledSpan* span;
    int script;
    UBiDiLevel level;
    std::shared_ptr<const FontFace> face;
    bool rtl() const { return level & 1; }
};

struct Glyph {
    std::uint32_t id;
    std::size_t cluster;  // byte offset of the cluster's first character
    double advance, x_offset, y_offset;  // points
    std::size_t run;
    std::shared_ptr<const FontFace> face;
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


// Shapes text[begin, end) with `face` in the run's direction, script and language, with the
// whole paragraph as context, and appends the glyphs in logical order (clusters ascending).
void shape_range(const std::string& text, std::size_t begin, std::size_t end, const Run& run,
                 const std::shared_ptr<const FontFace>& face, std::size_t run_index, std::vector<Glyph>& out) {
    thread_local hb_buffer_t* buffer = hb_buffer_create();
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), static_cast<unsigned>(begin),
                       static_cast<int>(end - begin));
    hb_buffer_set_direction(buffer, run.rtl() ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer, hb_script_from_string(script_code(run.script).c_str(), -1));
    if (!run.span->lang.empty()) hb_buffer_set_language(buffer, hb_language_from_string(run.span->lang.c_str(), -1));
    hb_shape(face->font(), buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    const double scale = run.span->style.size / face->units_per_em();
    const std::size_t first = out.size();
    for (unsigned i = 0; i < count; ++i)
        out.push_back(Glyph{info[i].codepoint, info[i].cluster, pos[i].x_advance * scale, pos[i].x_offset * scale,
                            pos[i].y_offset * scale, run_index, face, {}, false});
    // HarfBuzz gives right-to-left glyphs in visual order; the line breaker wants them logical.
    if (run.rtl()) std::reverse(out.begin() + static_cast<long>(first), out.end());
}

// The glyphs of `run`: shaped with its font, and each cluster that font has no glyph for shaped
// again with a fallback font, or drawn as a visible box with a warning when no font has it.
void shape_run(const std::string& text, const Run& run, std::size_t run_index, FontChooser& fonts,
               std::vector<Glyph>& out) {
    std::vector<Glyph> glyphs;
    shape_range(text, run.begin, run.end, run, run.face, run_index, glyphs);
    for (std::size_t i = 0; i < glyphs.size();) {
        std::size_t j = i;
        bool missing = false;
        while (j < glyphs.size() && glyphs[j].cluster == glyphs[i].cluster) missing |= glyphs[j++].id == 0;
        const std::size_t begin = glyphs[i].cluster;
        const std::size_t end = j < glyphs.size() ? glyphs[j].cluster : run.end;
        if (!missing) {
            for (std::size_t k = i; k < j; ++k) out.push_back(std::move(glyphs[k]));
            i = j;
            continue;
        }
        const auto chars = code_points(std::string_view(text).substr(begin, end - begin));
        std::shared_ptr<const FontFace> face = fonts.fallback(chars.front(), run.span->style.font, run.face.get());
        bool covered = face && std::all_of(chars.begin(), chars.end(), [&](char32_t c) {
            return face->covers(c) || u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
        });
        std::vector<Glyph> again;
        if (covered) shape_range(text, begin, end, run, face, run_index, again);
        if (covered && std::none_of(again.begin(), again.end(), [](const Glyph& g) { return g.id == 0; })) {
            for (auto& g : again) out.push_back(std::move(g));
        } else {
            auto box = fonts.placeholder(run.span->style.font);
            out.push_back(Glyph{0, begin, box->advance(0) * run.span->style.size / box->units_per_em(), 0, 0,
                                run_index, box, {}, false});
            const std::string key = code_point_name(chars.front()) + "@" + run.span->where.str();
            if (fonts.warnings && fonts.warned.insert(key).second)
                fonts.warnings->warning(run.span->where,
                                        "no installed font has " + code_point_name(chars.front()) +
                                            (run.span->lang.empty() ? "" : " (language " + run.span->lang + ")") +
                                            " in " + excerpt(text, begin) + "; a box stands in for it");
        }
        i = j;
    }
}

// Gives each glyph the text it stands for: a cluster's text is split across its glyphs in the
// order they are written, one character each and the rest on the last; glyphs beyond the
// cluster's characters stand for nothing (they are drawn as outlines).
void assign_text(const std::string& text, const std::vector<Run>& runs, std::vector<Glyph>& glyphs) {
    for (std::size_t i = 0; i < glyphs.size();) {
        std::size_t j = i;
        while (j < glyphs.size() && glyphs[j].cluster == glyphs[i].cluster && glyphs[j].run == glyphs[i].run) ++j;
        const std::size_t begin = glyphs[i].cluster;
        const std::size_t end = j < glyphs.size() && glyphs[j].run == glyphs[i].run ? glyphs[j].cluster : runs[glyphs[i].run].end;
        std::string_view rest(text.data() + begin, end - begin);
        const std::size_t chars = count_code_points(rest);
        for (std::size_t k = i; k < j; ++k) {
            const std::size_t position = k - i;
            if (position + 1 == j - i) {
                glyphs[k].text = std::string(rest);
            } else if (position < chars) {
                auto [first, others] = split_code_points(rest, 1);
                glyphs[k].text = std::string(first);
                rest = others;
            }
            glyphs[k].space = glyphs[k].text == " ";
        }
        i = j;
    }
}

bool strong_right_to_left(UChar32 c) {
    switch (u_charDirection(c)) {
        case U_RIGHT_TO_LEFT:
        case U_RIGHT_TO_LEFT_ARABIC:
        case U_RIGHT_TO_LEFT_EMBEDDING:
        case U_RIGHT_TO_LEFT_OVERRIDE:
        case U_RIGHT_TO_LEFT_ISOLATE:
        case U_ARABIC_NUMBER: return true;
        default: return false;
    }
}

// Stretches that read left to right whatever surrounds them: phone numbers (digits in groups,
// with + ( ) - . between), email and web addresses. As byte ranges.
std::vector<std::pair<std::size_t, std::size_t>> left_to_right_islands(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    // Words with @ or :// or www. in them.
    for (std::size_t i = 0; i < text.size();) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
        std::string_view word(text.data() + i, j - i);
        if (word.find('@') != std::string_view::npos || word.find("://") != std::string_view::npos ||
            word.rfind("www.", 0) == 0) {
            std::size_t e = j;
            // Leave sentence punctuation at the end to the paragraph.
            while (e > i && std::string_view(".,;:!?)").find(text[e - 1]) != std::string_view::npos) --e;
            out.emplace_back(i, e);
        }
        i = j;
    }
    for (std::size_t i = 0; i < text.size();) {
        if (!(digit(text[i]) || text[i] == '+' || text[i] == '(')) {
            ++i;
            continue;
        }
        std::size_t j = i, digits = 0, last_digit = i;
        while (j < text.size() && (digit(text[j]) || std::string_view(" +()-.").find(text[j]) != std::string_view::npos)) {
            if (digit(text[j])) {
                ++digits;
                last_digit = j + 1;
            }
            ++j;
        }
        if (digits >= 5 && last_digit > i) out.emplace_back(i, last_digit);
        i = std::max(j, i + 1);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Bidi levels per code point (UAX #9). Phone numbers, addresses and spans written in the other
// direction are isolated first, so that "01632 960100" stays in that order in Arabic.
void resolve_levels(const std::string& text, const std::vector<StyledSpan>& spans, Direction base,
                    std::vector<CodePoint>& points) {
    const bool any_rtl = std::any_of(points.begin(), points.end(),
                                     [](const CodePoint& p) { return strong_right_to_left(static_cast<UChar32>(p.c)); });
    const UBiDiLevel base_level = base == Direction::RightToLeft ? 1 : 0;
    if (!any_rtl && base_level == 0) {
        for (auto& p : points) p.level = 0;
        return;
    }
    // Where to open and close isolates, by byte offset.
    std::multimap<std::size_t, char16_t> opens, closes;
    for (const auto& [b, e] : left_to_right_islands(text)) {
        opens.emplace(b, 0x2066);  // LRI
        closes.emplace(e, 0x2069);  // PDI
    }
    for (const auto& s : spans)
        if (s.dir != base && s.end > s.begin) {
            opens.emplace(s.begin, s.dir == Direction::RightToLeft ? 0x2067 : 0x2066);
            closes.emplace(s.end, 0x2069);
        }
    icu::UnicodeString u;
    std::vector<int32_t> index;  // code point -> UTF-16 index
    index.reserve(points.size());
    for (const auto& p : points) {
        for (auto [it, end] = closes.equal_range(p.offset); it != end; ++it) u.append(it->second);
        for (auto [it, end] = opens.equal_range(p.offset); it != end; ++it) u.append(it->second);
        index.push_back(u.length());
        u.append(static_cast<UChar32>(p.c));
    }
    for (auto [it, end] = closes.equal_range(text.size()); it != end; ++it) u.append(it->second);

    UErrorCode err = U_ZERO_ERROR;
    UBiDi* bidi = ubidi_openSized(u.length(), 0, &err);
    ubidi_setPara(bidi, u.getBuffer(), u.length(), base_level, nullptr, &err);
    const UBiDiLevel* levels = U_SUCCESS(err) ? ubidi_getLevels(bidi, &err) : nullptr;
    for (std::size_t i = 0; i < points.size(); ++i)
        points[i].level = levels && U_SUCCESS(err) ? levels[index[i]] : base_level;
    ubidi_close(bidi);
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

FontChooser::FontChooser() = default;

std::vector<std::string> FontChooser::scripts() const {
    std::vector<std::string> codes;
    for (int s : {USCRIPT_LATIN, USCRIPT_GREEK, USCRIPT_CYRILLIC, USCRIPT_ARABIC, USCRIPT_ETHIOPIC, USCRIPT_BENGALI,
                  USCRIPT_GURMUKHI, USCRIPT_GUJARATI, USCRIPT_DEVANAGARI})
        codes.push_back(script_code(s));
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::string FontChooser::family(int script, std::string_view lang) const {
    switch (script) {
        case USCRIPT_LATIN:
        case USCRIPT_GREEK:
        case USCRIPT_CYRILLIC: return "Noto Sans";
        case USCRIPT_ARABIC: {
            // Urdu is written in Nastaliq; Arabic, Farsi, Dari, Pashto and Sorani in Naskh.
            std::string_view primary = lang.substr(0, lang.find('-'));
            return primary == "ur" ? "Noto Nastaliq Urdu" : "Noto Naskh Arabic";
        }
        case USCRIPT_ETHIOPIC: return "Noto Sans Ethiopic";
        case USCRIPT_BENGALI: return "Noto Sans Bengali";
        case USCRIPT_GURMUKHI: return "Noto Sans Gurmukhi";
        case USCRIPT_GUJARATI: return "Noto Sans Gujarati";
        case USCRIPT_DEVANAGARI: return "Noto Sans Devanagari";
        default: return {};
    }
}

std::shared_ptr<const FontFace> FontChooser::face(int script, FontStyle style, std::string_view lang) {
    std::string fam = family(script, lang);
    if (fam.empty()) return nullptr;
    // Only Noto Sans has italics; other scripts' fonts are set upright.
    if (fam != "Noto Sans") style.italic = false;
    std::string key = fam + (style.bold ? "/b" : "/") + (style.italic ? "i" : "");
    auto& slot = faces_[key];
    if (!slot) slot = FontLibrary::shared().find(fam, style);
    return slot;
}

std::shared_ptr<const FontFace> FontChooser::fallback(char32_t c, FontStyle style, const FontFace* tried) {
    auto key = std::make_pair(c, (style.bold ? 1 : 0) + (style.italic ? 2 : 0));
    if (auto it = fallbacks_.find(key); it != fallbacks_.end()) return it->second;
    std::shared_ptr<const FontFace> found;
    auto sans = face(USCRIPT_LATIN, style, {});
    if (sans.get() != tried && sans->covers(c)) found = sans;
    if (!found) {
        auto other = FontLibrary::shared().covering(c, style);
        if (other && other.get() != tried) found = other;
    }
    fallbacks_.emplace(key, found);
    return found;
}

std::shared_ptr<const FontFace> FontChooser::placeholder(FontStyle style) { return face(USCRIPT_LATIN, style, {}); }

std::vector<Line> set_paragraph(const ParagraphText& paragraph, const LineSettings& settings, FontChooser& fonts) {
    const std::string& text = paragraph.text();
    std::vector<Line> lines;
    if (text.empty()) return lines;
    const auto& spans = paragraph.spans();

    std::vector<CodePoint> points;
    points.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
        if (c < 0) c = 0xFFFD;
        UErrorCode err = U_ZERO_ERROR;
        points.push_back({static_cast<char32_t>(c), at, uscript_getScript(c, &err), 0});
    }
    resolve_levels(text, spans, settings.direction, points);

    // Characters common to many scripts (spaces, digits, punctuation) and combining marks take
    // the script around them at the same bidi level; on their own, Latin.
    auto neutral = [](int s) { return s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN; };
    for (std::size_t i = 0; i < points.size();) {
        std::size_t j = i;
        while (j < points.size() && points[j].level == points[i].level) ++j;
        int last = -1;
        for (std::size_t k = i; k < j; ++k) {
            if (neutral(points[k].script)) {
                if (last >= 0) points[k].script = last;
            } else {
                last = points[k].script;
            }
        }
        int next = USCRIPT_LATIN;
        for (std::size_t k = j; k-- > i;) {
            if (neutral(points[k].script)) points[k].script = next;
            else next = points[k].script;
        }
        i = j;
    }

    // Runs: one span, one script, one level; forced breaks are not shaped.
    std::vector<Run> runs;
    std::size_t span_index = 0;
    for (const auto& p : points) {
        while (span_index + 1 < spans.size() && p.offset >= spans[span_index].end) ++span_index;
        if (p.c == '\n') continue;
        const StyledSpan* span = &spans[span_index];
        const std::size_t next = p.offset + static_cast<std::size_t>(U8_LENGTH(static_cast<UChar32>(p.c)));
        if (!runs.empty() && runs.back().span == span && runs.back().script == p.script &&
            runs.back().level == p.level && runs.back().end == p.offset) {
            runs.back().end = next;
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
        runs.push_back(Run{p.offset, next, span, p.script, p.level, std::move(face)});
    }

    std::vector<Glyph> glyphs;
    glyphs.reserve(text.size());
    for (std::size_t r = 0; r < runs.size(); ++r) shape_run(text, runs[r], r, fonts, glyphs);
    assign_text(text, runs, glyphs);

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
        // A hyphenated word (e-bostiwch, well-being) is not broken at its hyphen: split, it
        // reads back as two words or loses the hyphen. A word too long for the line still
        // breaks below, between clusters.
        const auto u = static_cast<std::size_t>(b);
        if (!forced && u >= 2 && u < static_cast<std::size_t>(utf16.length()) && utf16.charAt(b - 1) == u'-' &&
            u_isalpha(utf16.char32At(b - 2)) && u_isalpha(utf16.char32At(b)))
            continue;
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
    auto measure = [&] { return ranges.empty() ? settings.width - settings.first_indent : settings.width; };
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
        if (line_begin < seg_begin && line_width + pending_white + content > measure()) close_line(seg_begin, false);
        if (line_begin == seg_begin && content > measure()) {
            // One word wider than the measure (a long web address): break it between clusters.
            double w = 0;
            for (std::size_t k = seg_begin; k < content_end; ++k) {
                bool cluster_start = k == seg_begin || glyphs[k].cluster != glyphs[k - 1].cluster;
                if (cluster_start && k > line_begin && w + glyphs[k].advance > measure()) {
                    close_line(k, false);
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

    const bool rtl = settings.direction == Direction::RightToLeft;
    for (std::size_t li = 0; li < ranges.size(); ++li) {
        auto [begin, end, forced_end] = ranges[li];
        while (end > begin && is_white(glyphs[end - 1].text)) --end;
        Line line;
        const double indent = li == 0 ? settings.first_indent : 0;
        const double avail = settings.width - indent;
        double natural = 0;
        std::size_t spaces = 0;
        for (std::size_t k = begin; k < end; ++k) {
            natural += glyphs[k].advance;
            spaces += glyphs[k].space;
        }
        double stretch = 0;
        const bool last = li + 1 == ranges.size() || forced_end;
        if (settings.align == Alignment::Justify && !last && spaces > 0 && natural < avail)
            stretch = (avail - natural) / static_cast<double>(spaces);
        const double filled = natural + stretch * static_cast<double>(spaces);
        double x = 0;
        if (settings.align == Alignment::Centre) x = (rtl ? 0 : indent) + std::max(0.0, (avail - filled) / 2);
        else x = rtl ? std::max(0.0, avail - filled) : indent;

        // Pieces in logical order: one run, one face.
        std::vector<std::pair<std::size_t, std::size_t>> piece_glyphs;
        for (std::size_t k = begin; k < end; ++k) {
            if (piece_glyphs.empty() || glyphs[k].run != glyphs[k - 1].run || glyphs[k].face != glyphs[k - 1].face)
                piece_glyphs.emplace_back(k, k + 1);
            else
                piece_glyphs.back().second = k + 1;
        }
        // Their visual order, from their bidi levels (UAX #9 L2).
        std::vector<UBiDiLevel> levels;
        for (const auto& [b, e] : piece_glyphs) levels.push_back(runs[glyphs[b].run].level);
        std::vector<int32_t> visual(levels.size());
        if (!levels.empty()) ubidi_reorderVisual(levels.data(), static_cast<int32_t>(levels.size()), visual.data());

        line.pieces.resize(piece_glyphs.size());
        for (int32_t logical : visual) {
            const auto [b, e] = piece_glyphs[static_cast<std::size_t>(logical)];
            const Run& run = runs[glyphs[b].run];
            LinePiece& piece = line.pieces[static_cast<std::size_t>(logical)];
            piece.face = glyphs[b].face;
            piece.style = run.span->style;
            piece.lang = run.span->lang;
            piece.right_to_left = run.rtl();
            piece.x = x;
            piece.glyphs.resize(e - b);
            // Left to right across the page: a right-to-left piece's last logical glyph first.
            for (std::size_t n = 0; n < e - b; ++n) {
                const std::size_t k = run.rtl() ? e - 1 - n : b + n;
                const Glyph& gl = glyphs[k];
                const double advance = gl.advance + (gl.space ? stretch : 0);
                piece.glyphs[k - b] = PlacedGlyph{gl.id, gl.text, x, advance, gl.x_offset, gl.y_offset};
                x += advance;
            }
            piece.width = x - piece.x;
            const double size = run.span->style.size, upem = piece.face->units_per_em();
            line.ascent = std::max(line.ascent, piece.face->ascender() * size / upem);
            line.descent = std::max(line.descent, -piece.face->descender() * size / upem);
        }
        line.width = x;
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace carepack::pdf

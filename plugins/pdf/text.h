// The text path: a paragraph's styled text is split into runs by style, language, script and
// bidi level (ICU: UAX #9 and script itemisation), each run is shaped by HarfBuzz with the font
// for its script and language (falling back cluster by cluster when that font lacks a glyph),
// ICU finds the line break opportunities (UAX #14), lines are filled by measured shaped widths,
// and each line is put in visual order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/document.h"
#include "fonts.h"

namespace carepack::pdf {

struct TextStyle {
    double size = 11;  // points
    FontStyle font;
    std::uint32_t colour = 0x000000;  // 0xRRGGBB
    bool underline = false;
    std::string link;  // a URI, or `#id` within the document: the run is a link
    int tag = -1;      // the structure element the text belongs to; -1: an artifact
};

// A stretch of a paragraph's text with one style and one language.
struct StyledSpan {
    std::size_t begin = 0, end = 0;  // bytes into ParagraphText::text
    TextStyle style;
    std::string lang;
    Direction dir = Direction::LeftToRight;
    Location where;  // for messages about this text
};

// A paragraph's text as the typesetter receives it: white space collapsed as a browser would.
class ParagraphText {
public:
    void append(std::string_view text, const TextStyle& style, std::string_view lang, Direction dir,
                const Location& where);
    // A forced line break (<br/>).
    void line_break(const TextStyle& style, std::string_view lang, const Location& where);
    // Drops white space at the end.
    void trim_end();
    const std::string& text() const { return text_; }
    const std::vector<StyledSpan>& spans() const { return spans_; }
    bool empty() const { return text_.empty(); }

private:
    std::string text_;
    std::vector<StyledSpan> spans_;
    bool pending_space_ = false;
};

// Which font sets which script, and what to do when it lacks a character.
class FontChooser {
public:
    FontChooser();
    // ISO 15924 codes of the scripts this chooser sets, sorted.
    std::vector<std::string> scripts() const;
    // The font family for text in `script` (an ICU UScriptCode) and language `lang`: Noto
    // Nastaliq Urdu for Urdu, Noto Naskh Arabic for other Arabic-script languages, Noto Sans
    // Ethiopic, Bengali, Gurmukhi, Gujarati, Devanagari, and Noto Sans for Latin, Greek and
    // Cyrillic. Empty when the script is not set.
    std::string family(int script, std::string_view lang) const;
    std::shared_ptr<const FontFace> face(int script, FontStyle style, std::string_view lang);
    // Fonts to try, in order, for a character the run's font lacks: Noto Sans, then any
    // installed Noto font fontconfig says covers it. nullptr when none does.
    std::shared_ptr<const FontFace> fallback(char32_t c, FontStyle style, const FontFace* tried);
    // The font whose .notdef box stands in, visibly, for a character no font covers.
    std::shared_ptr<const FontFace> placeholder(FontStyle style);

    // Warnings about characters no font covers go here (once per character and place).
    Diagnostics* warnings = nullptr;
    std::set<std::string> warned;

private:
    std::map<std::string, std::shared_ptr<const FontFace>> faces_;  // family + style
    std::map<std::pair<char32_t, int>, std::shared_ptr<const FontFace>> fallbacks_;
};

struct PlacedGlyph {
    std::uint32_t glyph = 0;
    std::string text;    // what this glyph stands for in extracted text; empty: nothing
    double x = 0;        // pen position from the line's start (visual, left to right), points
    double advance = 0;  // points
    double x_offset = 0, y_offset = 0;
};

// Consecutive glyphs of one face, style, language and direction on one line. Glyphs are kept
// in logical order (the order they are written to the page, so text comes out in reading
// order), each with its visual position.
struct LinePiece {
    std::shared_ptr<const FontFace> face;
    TextStyle style;
    std::string lang;
    bool right_to_left = false;
    double x = 0;      // the piece's left edge from the line's start
    double width = 0;
    std::vector<PlacedGlyph> glyphs;
};

struct Line {
    std::vector<LinePiece> pieces;  // in logical order
    double width = 0;               // from the line's start to the right edge of its last glyph
    double ascent = 0, descent = 0;  // points, from the largest face and size on the line
};

enum class Alignment { Start, Centre, Justify };

struct LineSettings {
    double width = 400;        // the measure, points
    double first_indent = 0;   // added at the first line's start
    Alignment align = Alignment::Start;
    Direction direction = Direction::LeftToRight;  // the paragraph's: start is right for RTL
};

// Sets a paragraph into lines. Text in a script `fonts` does not set is a Failure naming the
// script and where it is; a character no font covers is a warning and a visible box.
std::vector<Line> set_paragraph(const ParagraphText& text, const LineSettings& settings, FontChooser& fonts);

// ISO 15924 code (`Arab`) and English name (`Arabic`) of an ICU script code.
std::string script_code(int script);
std::string script_name(int script);

}  // namespace carepack::pdf

// The text path: a paragraph's styled text is split into runs (style, language, script), each
// run is shaped by HarfBuzz with the font for its script, ICU finds the line break
// opportunities (UAX #14), and lines are filled by measured shaped widths.
#pragma once

#include <cstdint>
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
    std::string link;  // a URI: the run is a link
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

// Which font sets which script, and which scripts may be set at all.
class FontChooser {
public:
    // Latin, Greek and Cyrillic in Noto Sans.
    FontChooser();
    // ISO 15924 codes of the scripts this chooser can set (`Latn`, `Grek`, `Cyrl`).
    std::vector<std::string> scripts() const;
    // The face for text in `script` (an ICU UScriptCode), or nullptr when the script is not set.
    std::shared_ptr<const FontFace> face(int script, FontStyle style, std::string_view lang);

private:
    std::set<int> scripts_;
    std::shared_ptr<const FontFace> cache_[4];  // by style: regular, bold, italic, bold italic
};

struct PlacedGlyph {
    std::uint32_t glyph = 0;
    std::string text;       // what this glyph stands for in extracted text; empty: none
    double x = 0;           // pen position from the start of its piece, points
    double advance = 0;     // points
    double x_offset = 0, y_offset = 0;
};

// Consecutive glyphs of one face and style on one line.
struct LinePiece {
    std::shared_ptr<const FontFace> face;
    TextStyle style;
    std::string lang;
    double x = 0;  // from the line's start
    double width = 0;
    std::vector<PlacedGlyph> glyphs;
};

struct Line {
    std::vector<LinePiece> pieces;
    double width = 0;
    double ascent = 0, descent = 0;  // points, from the largest face and size on the line
};

enum class Alignment { Start, Centre, Justify };

struct LineSettings {
    double width = 400;         // the measure, points
    double first_indent = 0;    // added to the first line's start
    Alignment align = Alignment::Start;
};

// Sets a paragraph into lines. Throws Failure naming the script and where it is for text in a
// script `fonts` does not set, and naming the character for one the font lacks.
std::vector<Line> set_paragraph(const ParagraphText& text, const LineSettings& settings, FontChooser& fonts);

// ISO 15924 code (`Arab`) and English name (`Arabic`) of an ICU script code.
std::string script_code(int script);
std::string script_name(int script);

}  // namespace carepack::pdf

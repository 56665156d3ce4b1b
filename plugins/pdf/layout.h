// Pages from a Document: blocks become line boxes (paragraphs, headings, lists with hanging
// markers, definitions, callouts), the boxes are cut into pages without stranding a heading or
// a single line at a page foot, and each page is drawn with its footer.
#pragma once

#include <string>

#include "carepack/document.h"
#include "carepack/plugin.h"
#include "text.h"

namespace carepack::pdf {

struct BlockStyle {
    double size = 11;          // points
    double leading = 1.45;     // line height as a multiple of the size
    double space_before = 0;   // points
    double space_after = 0;
    FontStyle font;
    std::uint32_t colour = 0x1a1a1a;
};

// The small style sheet of one page layout.
struct StyleSheet {
    std::string layout;  // `a4`
    double page_width = 0, page_height = 0;
    double margin_top = 0, margin_bottom = 0, margin_left = 0, margin_right = 0;
    double banner_height = 0;  // the council's band across the top of the first page
    double banner_gap = 0;     // from the band to the first page's text
    double footer_size = 9;
    Alignment body_align = Alignment::Start;  // or Justify
    BlockStyle body, subtitle, small;
    BlockStyle headings[6];
    double list_indent = 20;      // from the text's left edge to an item's text
    double marker_gap = 6;        // between a marker's end and the item's text
    double item_gap = 3;          // between list items
    double definition_indent = 14;
    double callout_padding = 10;  // inside an aside, around its text
    double callout_bar = 4;       // the aside's coloured rule
    std::uint32_t callout_fill = 0xF3F2F1;
    double quote_indent = 24;
};

// The a4 layout: A4 portrait, 11 pt body, ragged right.
StyleSheet a4_style_sheet();

// Lays out and draws `doc`. Throws Failure, naming the element and where it came from, for
// what this renderer cannot lay out.
std::string typeset(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts);

}  // namespace carepack::pdf

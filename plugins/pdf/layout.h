// Pages from a Document. Blocks become boxes (lines of paragraphs, headings, lists with hanging
// markers, definitions, callouts, quotations, table rows, images and charts), each line's text
// belonging to an element of the tagged structure; the boxes are cut into pages (a leaflet's
// panels) without stranding a heading or a single line, with table header rows repeated; then
// each page is drawn with its running header and footer as artifacts, its links as annotations,
// and the document's bookmarks, page labels and metadata.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
    std::string layout;  // a4, a5, large-print, leaflet
    double sheet_width = 0, sheet_height = 0;  // the paper
    int panels = 1;                            // side by side on a sheet: 3 for the leaflet
    double page_width = 0, page_height = 0;    // one page, or one panel of the leaflet
    double margin_top = 0, margin_bottom = 0, margin_left = 0, margin_right = 0;
    double banner_height = 0;  // the council's band across the top of the first page
    double banner_gap = 0;     // from the band to the first page's text
    double footer_size = 9;
    bool running_header = true;  // the title and the council on every page after the first
    bool page_numbers = true;    // "Page 2 of 5" in the footer
    int max_pages = 0;           // the leaflet's six panels; 0: no limit
    Alignment body_align = Alignment::Start;  // or Justify
    BlockStyle body, subtitle, small, caption, cell;
    BlockStyle headings[6];
    double list_indent = 20;      // from the text's left edge to an item's text
    double marker_gap = 6;        // between a marker's end and the item's text
    double item_gap = 3;          // between list items
    double definition_indent = 14;
    double callout_padding = 10;  // inside an aside, around its text
    double callout_bar = 4;       // the aside's coloured rule
    std::uint32_t callout_fill = 0xF3F2F1;
    double quote_indent = 24;
    double quote_bar = 3;         // the rule beside a block quote
    double cell_padding = 4;      // inside a table cell
    std::uint32_t header_fill = 0xE9EEF1;
    std::uint32_t rule_colour = 0xB1B4B6;
    double image_max_height = 0.45;  // of the page's text area
    double chart_height = 0.5;       // of the measure
    double chart_max_height = 200;   // points

    // Every size and space multiplied by `factor` (a leaflet shrinks to fit its panels).
    void scale(double factor);
};

StyleSheet a4_style_sheet();          // A4 portrait, 11 pt body, ragged right
StyleSheet a5_style_sheet();          // A5 portrait booklet pages, 10 pt body
StyleSheet large_print_style_sheet(); // A4 portrait, 16 pt body, generous spacing, one column
StyleSheet leaflet_style_sheet();     // an A4 landscape sheet folded in three: six panels
// The style sheet for a layout name; nullptr-like empty layout for an unknown one.
std::optional<StyleSheet> style_sheet(std::string_view layout);
std::vector<std::string> layouts();  // the names above, in that order

// Where each page (a leaflet's panel) goes on the paper: which sheet side and how far across.
struct Placement {
    std::size_t sheet = 0;
    double x = 0;
};
// The leaflet's panels, in reading order (cover, inside flap, three inside panels, back), on
// the two sides of the sheet: the outside holds inside flap, back and cover from left to right,
// the inside the three inside panels; mirrored for a right-to-left language.
std::vector<Placement> leaflet_placements(double panel_width, Direction dir);

// Lays out and draws `doc`. Throws Failure, naming the element and where it came from, for
// what this renderer cannot lay out, and for a leaflet whose content will not fit its panels.
std::string typeset(const Document& doc, const StyleSheet& style, const RenderOptions& options, FontChooser& fonts,
                    Diagnostics& diagnostics);

}  // namespace carepack::pdf

// The Document: one semantic tree that every renderer draws. It is a small, strict subset of
// HTML so that one template serves every output; every node knows its language and direction.
#pragma once

#include <ostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/diagnostics.h"

namespace carepack {

enum class Audience { Public, YoungPerson, Professional };
std::string_view audience_name(Audience a);  // public, young-person, professional
std::optional<Audience> audience_from_name(std::string_view name);

// How far a field may travel. A document may contain a field only if its audience may see it.
enum class Sensitivity {
    Public,        // anyone: council content, published figures
    Personal,      // the young person and professionals: their name, age, their own plan
    Professional,  // professionals only: case notes, other people's details, restricted flags
};
std::string_view sensitivity_name(Sensitivity s);
std::optional<Sensitivity> sensitivity_from_name(std::string_view name);
bool audience_may_see(Audience a, Sensitivity s);

// Streams the names above, so tests and diagnostics print words, not numbers.
std::ostream& operator<<(std::ostream& os, Audience a);
std::ostream& operator<<(std::ostream& os, Sensitivity s);

enum class NodeKind {
    // blocks
    Section, Heading, Paragraph, UnorderedList, OrderedList, ListItem, DefinitionList, Term,
    Definition, Table, Caption, TableHead, TableBody, TableRow, HeaderCell, DataCell, Figure,
    FigureCaption, Image, Chart, BlockQuote, Aside, Contents, PageBreak, Signature,
    // inlines
    Text, Strong, Emphasis, Link, Span, LineBreak, Abbreviation, Time, Data,
};

// The element name in templates (`section`, `h1`..`h6` are all Heading, `p`, `ul` ...).
std::string_view element_name(NodeKind k, int heading_level = 0);
bool is_inline(NodeKind k);

// What the model allows for one element name. Every element also takes the global attributes
// id, lang, dir and class.
struct ElementRule {
    std::string_view name;
    NodeKind kind;
    int level;  // headings
    std::vector<std::string_view> attributes;
    bool allows(std::string_view attribute) const;
};
// nullptr for a name the model does not know.
const ElementRule* element_rule(std::string_view name);
// Whether the model lets `child` sit directly inside `parent` (li only in lists, cells only in
// rows, only inline content in paragraphs and headings ...).
bool may_contain(NodeKind parent, NodeKind child);
// Whether text may sit directly inside an element of this kind.
bool holds_text(NodeKind k);

enum class Direction { LeftToRight, RightToLeft };
std::string_view direction_name(Direction d);  // ltr, rtl
// The direction a language is written in: right to left for Arabic, Urdu, Farsi, Dari, Pashto,
// Sorani, Hebrew, Yiddish, Dhivehi, Sindhi, Uyghur; left to right otherwise.
Direction language_direction(std::string_view bcp47);

// Where a node's text came from in the data, when the data put it there: the field's path
// in the template's data, its place in the source file, and its sensitivity.
struct DataOrigin {
    std::string path;  // `theme[2].promise[3].text`
    Location where;    // pledge.xml:57:9, or cases/a12.json: $.name
    Sensitivity sensitivity = Sensitivity::Public;
};

// A field of the data that the template looked up, to show or to decide on (a section).
struct Binding {
    int origin = -1;  // into Document::origins
    std::string tag;  // the name as the template wrote it
    int line = 0;     // the template line of its first use
};

// A chart is drawn from its data table, which every renderer also shows beside it: a <chart
// type="bar|line" description="..."> holds one <table> whose first column names the categories
// (the bars, or the points along the line) and whose other columns are the series, numbers only,
// each named by its column's header. The table's caption is the chart's title.
struct ChartData {
    std::string title, description, type, unit;
    std::vector<std::string> categories;
    std::vector<std::string> series;                // names
    std::vector<std::vector<double>> values;        // [series][category]
};
// Reads a <chart> node's table. Problems (no table, a cell that is not a number, no
// description) go in `problems` as plain sentences; nullopt when nothing can be drawn.
struct Node;
std::optional<ChartData> chart_data(const Node& chart, std::vector<std::string>& problems);

struct Node {
    NodeKind kind = NodeKind::Paragraph;
    int level = 0;     // headings: 1..6
    std::string text;  // Text nodes only
    // Attributes as written in the template (id, lang, dir, href, src, alt, scope, title,
    // datetime, value, start, class, colspan, rowspan). Only those the model allows for the
    // element are ever present.
    std::map<std::string, std::string, std::less<>> attributes;
    std::vector<Node> children;

    // Resolved from the node and its ancestors when the Document is built.
    std::string lang;
    Direction dir = Direction::LeftToRight;

    Location where;   // the template line that made this node
    int origin = -1;  // index into Document::origins when data produced it, else -1

    const std::string* attribute(std::string_view name) const;
    std::string attribute_or(std::string_view name, std::string_view fallback) const;
    // All text beneath this node, in order.
    std::string plain_text() const;
};

struct Document {
    std::string kind;       // the document kind id: `pledge`
    std::string title;      // from the <document title="..."> attribute
    std::string lang;       // BCP 47
    Direction dir = Direction::LeftToRight;
    Audience audience = Audience::Public;
    std::map<std::string, std::string, std::less<>> meta;  // author, version, review-date ...
    std::vector<Node> body;  // top-level blocks
    std::vector<DataOrigin> origins;
    std::vector<Binding> bindings;  // every data field the template used, shown or not
    Location where;  // the template

    const DataOrigin* origin_of(const Node& n) const {
        return n.origin >= 0 && static_cast<std::size_t>(n.origin) < origins.size()
                   ? &origins[static_cast<std::size_t>(n.origin)]
                   : nullptr;
    }
    // Where to point a reader at a node: its data's source if data made it, else the template.
    Location location_of(const Node& n) const;
};

// Calls `visit(node, depth)` for every node beneath `nodes` in document order.
template <typename Visit>
void walk(const std::vector<Node>& nodes, Visit&& visit, int depth = 0) {
    for (const auto& n : nodes) {
        visit(n, depth);
        walk(n.children, visit, depth + 1);
    }
}

}  // namespace carepack

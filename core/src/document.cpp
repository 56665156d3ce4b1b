#include "carepack/document.h"

#include <array>
#include <stdexcept>

namespace carepack {

std::string_view audience_name(Audience a) {
    switch (a) {
        case Audience::Public: return "public";
        case Audience::YoungPerson: return "young-person";
        case Audience::Professional: return "professional";
    }
    return "public";
}

std::optional<Audience> audience_from_name(std::string_view name) {
    for (auto a : {Audience::Public, Audience::YoungPerson, Audience::Professional})
        if (audience_name(a) == name) return a;
    return std::nullopt;
}

std::string_view sensitivity_name(Sensitivity s) {
    switch (s) {
        case Sensitivity::Public: return "public";
        case Sensitivity::Personal: return "personal";
        case Sensitivity::Professional: return "professional";
    }
    return "public";
}

std::optional<Sensitivity> sensitivity_from_name(std::string_view name) {
    for (auto s : {Sensitivity::Public, Sensitivity::Personal, Sensitivity::Professional})
        if (sensitivity_name(s) == name) return s;
    return std::nullopt;
}

bool audience_may_see(Audience a, Sensitivity s) {
    switch (s) {
        case Sensitivity::Public: return true;
        case Sensitivity::Personal: return a != Audience::Public;
        case Sensitivity::Professional: return a == Audience::Professional;
    }
    return false;
}

std::string_view direction_name(Direction d) { return d == Direction::RightToLeft ? "rtl" : "ltr"; }

Direction language_direction(std::string_view bcp47) {
    auto primary = bcp47.substr(0, bcp47.find_first_of("-_"));
    static const std::array<std::string_view, 13> rtl = {"ar", "ur", "fa", "prs", "ps", "ckb", "he",
                                                         "yi", "dv", "sd", "ug", "pa-Arab", "ku-Arab"};
    for (auto l : rtl)
        if (l == primary || l == bcp47) return Direction::RightToLeft;
    // Script subtags decide for languages written in more than one script.
    if (bcp47.find("-Arab") != std::string_view::npos || bcp47.find("-Hebr") != std::string_view::npos)
        return Direction::RightToLeft;
    return Direction::LeftToRight;
}

namespace {
// The model, in one table: element name, kind, heading level, attributes beyond the global ones.
const std::vector<ElementRule>& rules() {
    static const std::vector<ElementRule> table = {
        {"section", NodeKind::Section, 0, {}},
        {"h1", NodeKind::Heading, 1, {}},
        {"h2", NodeKind::Heading, 2, {}},
        {"h3", NodeKind::Heading, 3, {}},
        {"h4", NodeKind::Heading, 4, {}},
        {"h5", NodeKind::Heading, 5, {}},
        {"h6", NodeKind::Heading, 6, {}},
        {"p", NodeKind::Paragraph, 0, {}},
        {"ul", NodeKind::UnorderedList, 0, {}},
        {"ol", NodeKind::OrderedList, 0, {"start"}},
        {"li", NodeKind::ListItem, 0, {}},
        {"dl", NodeKind::DefinitionList, 0, {}},
        {"dt", NodeKind::Term, 0, {}},
        {"dd", NodeKind::Definition, 0, {}},
        {"table", NodeKind::Table, 0, {}},
        {"caption", NodeKind::Caption, 0, {}},
        {"thead", NodeKind::TableHead, 0, {}},
        {"tbody", NodeKind::TableBody, 0, {}},
        {"tr", NodeKind::TableRow, 0, {}},
        {"th", NodeKind::HeaderCell, 0, {"scope", "colspan", "rowspan"}},
        {"td", NodeKind::DataCell, 0, {"colspan", "rowspan"}},
        {"figure", NodeKind::Figure, 0, {}},
        {"figcaption", NodeKind::FigureCaption, 0, {}},
        {"img", NodeKind::Image, 0, {"src", "alt", "width", "height"}},
        {"chart", NodeKind::Chart, 0, {"type", "description", "unit"}},
        {"blockquote", NodeKind::BlockQuote, 0, {}},
        {"aside", NodeKind::Aside, 0, {"title"}},
        {"contents", NodeKind::Contents, 0, {"title"}},
        {"pagebreak", NodeKind::PageBreak, 0, {}},
        {"signature", NodeKind::Signature, 0, {}},
        {"strong", NodeKind::Strong, 0, {}},
        {"em", NodeKind::Emphasis, 0, {}},
        {"a", NodeKind::Link, 0, {"href"}},
        {"span", NodeKind::Span, 0, {}},
        {"br", NodeKind::LineBreak, 0, {}},
        {"abbr", NodeKind::Abbreviation, 0, {"title"}},
        {"time", NodeKind::Time, 0, {"datetime"}},
        {"data", NodeKind::Data, 0, {"value"}},
    };
    return table;
}
}  // namespace

bool ElementRule::allows(std::string_view attribute) const {
    if (attribute == "id" || attribute == "lang" || attribute == "dir" || attribute == "class") return true;
    for (auto a : attributes)
        if (a == attribute) return true;
    return false;
}

const ElementRule* element_rule(std::string_view name) {
    for (const auto& r : rules())
        if (r.name == name) return &r;
    return nullptr;
}

std::string_view element_name(NodeKind k, int heading_level) {
    if (k == NodeKind::Text) return "#text";
    for (const auto& r : rules())
        if (r.kind == k && (k != NodeKind::Heading || r.level == heading_level)) return r.name;
    return k == NodeKind::Heading ? "h1" : "?";
}

bool is_inline(NodeKind k) {
    switch (k) {
        case NodeKind::Text:
        case NodeKind::Strong:
        case NodeKind::Emphasis:
        case NodeKind::Link:
        case NodeKind::Span:
        case NodeKind::LineBreak:
        case NodeKind::Abbreviation:
        case NodeKind::Time:
        case NodeKind::Data:
            return true;
        default:
            return false;
    }
}

bool holds_text(NodeKind k) {
    switch (k) {
        case NodeKind::Section:
        case NodeKind::UnorderedList:
        case NodeKind::OrderedList:
        case NodeKind::DefinitionList:
        case NodeKind::Table:
        case NodeKind::TableHead:
        case NodeKind::TableBody:
        case NodeKind::TableRow:
        case NodeKind::Figure:
        case NodeKind::Image:
        case NodeKind::Chart:
        case NodeKind::Contents:
        case NodeKind::PageBreak:
        case NodeKind::LineBreak:
            return false;
        default:
            return true;
    }
}

bool may_contain(NodeKind parent, NodeKind child) {
    using K = NodeKind;
    auto block_flow = [](K c) {  // what may stand where blocks stand
        return !is_inline(c) && c != K::ListItem && c != K::Term && c != K::Definition && c != K::Caption &&
               c != K::TableHead && c != K::TableBody && c != K::TableRow && c != K::HeaderCell &&
               c != K::DataCell && c != K::FigureCaption && c != K::Image;
    };
    switch (parent) {
        case K::Section:
        case K::BlockQuote:
            return block_flow(child) || (parent == K::BlockQuote && is_inline(child));
        case K::UnorderedList:
        case K::OrderedList:
            return child == K::ListItem;
        case K::DefinitionList:
            return child == K::Term || child == K::Definition;
        case K::Table:
            return child == K::Caption || child == K::TableHead || child == K::TableBody || child == K::TableRow;
        case K::TableHead:
        case K::TableBody:
            return child == K::TableRow;
        case K::TableRow:
            return child == K::HeaderCell || child == K::DataCell;
        case K::Figure:
            return child == K::Image || child == K::FigureCaption || child == K::Table || child == K::Chart;
        case K::Chart:
            return child == K::Table;
        case K::ListItem:
        case K::Definition:
        case K::HeaderCell:
        case K::DataCell:
        case K::Aside:
        case K::Signature:
            return is_inline(child) || (block_flow(child) && child != K::Section && child != K::Heading &&
                                        child != K::Contents && child != K::PageBreak);
        case K::Image:
        case K::Contents:
        case K::PageBreak:
        case K::LineBreak:
        case K::Text:
            return false;
        default:  // paragraphs, headings, terms, captions and every inline hold inlines only
            return is_inline(child);
    }
}

const std::string* Node::attribute(std::string_view name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? nullptr : &it->second;
}

std::string Node::attribute_or(std::string_view name, std::string_view fallback) const {
    const auto* a = attribute(name);
    return a ? *a : std::string(fallback);
}

std::string Node::plain_text() const {
    if (kind == NodeKind::Text) return text;
    if (kind == NodeKind::LineBreak) return "\n";
    std::string s;
    for (const auto& c : children) s += c.plain_text();
    return s;
}

namespace {
// "1,234", "12.5", "40%", "-3": the number a reader sees; nullopt for anything else.
std::optional<double> cell_number(std::string text) {
    std::string digits;
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '%') continue;
        digits += c;
    }
    if (digits.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        double v = std::stod(digits, &used);
        if (used != digits.size()) return std::nullopt;
        return v;
    } catch (...) {
        return std::nullopt;
    }
}

void rows_of(const Node& n, std::vector<const Node*>& head, std::vector<const Node*>& body, bool in_head) {
    for (const auto& c : n.children) {
        if (c.kind == NodeKind::TableHead) rows_of(c, head, body, true);
        else if (c.kind == NodeKind::TableBody) rows_of(c, head, body, false);
        else if (c.kind == NodeKind::TableRow) (in_head ? head : body).push_back(&c);
    }
}

std::string trimmed(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}
}  // namespace

std::optional<ChartData> chart_data(const Node& chart, std::vector<std::string>& problems) {
    ChartData out;
    out.type = chart.attribute_or("type", "bar");
    if (out.type != "bar" && out.type != "line") {
        problems.push_back("a chart's type must be bar or line, not '" + out.type + "'");
        return std::nullopt;
    }
    out.description = trimmed(chart.attribute_or("description", ""));
    if (out.description.empty())
        problems.push_back("a chart without a description (description=\"...\": what it shows, for those who cannot see it)");
    out.unit = chart.attribute_or("unit", "");
    const Node* table = nullptr;
    for (const auto& c : chart.children)
        if (c.kind == NodeKind::Table) table = &c;
    if (!table) {
        problems.push_back("a chart without its data table");
        return std::nullopt;
    }
    for (const auto& c : table->children)
        if (c.kind == NodeKind::Caption) out.title = trimmed(c.plain_text());
    if (out.title.empty()) problems.push_back("a chart's table needs a caption: it is the chart's title");
    std::vector<const Node*> head, body;
    rows_of(*table, head, body, false);
    if (head.empty() && !body.empty()) {  // a first row of header cells only is the head
        bool all_th = true;
        for (const auto& c : body.front()->children) all_th &= c.kind == NodeKind::HeaderCell;
        if (all_th) head.push_back(body.front()), body.erase(body.begin());
    }
    if (head.empty() || head.back()->children.size() < 2) {
        problems.push_back("a chart's table needs a header row naming its series (a first cell, then one per series)");
        return std::nullopt;
    }
    for (std::size_t i = 1; i < head.back()->children.size(); ++i)
        out.series.push_back(trimmed(head.back()->children[i].plain_text()));
    out.values.assign(out.series.size(), {});
    for (const Node* row : body) {
        if (row->children.empty()) continue;
        const std::string label = trimmed(row->children.front().plain_text());
        out.categories.push_back(label);
        for (std::size_t s = 0; s < out.series.size(); ++s) {
            double v = 0;
            if (s + 1 < row->children.size()) {
                const std::string cell = trimmed(row->children[s + 1].plain_text());
                if (auto n = cell_number(cell)) v = *n;
                else problems.push_back("the chart's cell for '" + label + "', '" + out.series[s] + "' is '" + cell + "', not a number");
            } else {
                problems.push_back("the chart's row '" + label + "' has no cell for '" + out.series[s] + "'");
            }
            out.values[s].push_back(v);
        }
    }
    if (out.categories.empty()) {
        problems.push_back("a chart's table has no rows of data");
        return std::nullopt;
    }
    return out;
}

Location Document::location_of(const Node& n) const {
    if (const auto* o = origin_of(n); o && o->where.known()) return o->where;
    return n.where.known() ? n.where : where;
}

std::ostream& operator<<(std::ostream& os, Audience a) { return os << audience_name(a); }
std::ostream& operator<<(std::ostream& os, Sensitivity s) { return os << sensitivity_name(s); }

}  // namespace carepack

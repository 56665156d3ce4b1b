#include "carepack/checks.h"

#include <cctype>
#include <regex>
#include <set>

namespace carepack {

namespace {

bool ascii_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::vector<std::string> find_placeholders(std::string_view s) {
    // Words councils leave behind in drafts: `???` (or more), TBC, TBA, TODO, FIXME and XX (or
    // more X) as whole words in capitals ("tba" in a word list is not one; `X` alone is too
    // common: a 10 x 2 m room, "Year X"), and a bracket that starts with insert, add, link or
    // enter, in any case, up to its closing bracket. One pass over the text: this runs on every
    // text of every page a site publishes.
    std::vector<std::string> found;
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == '?') {
            std::size_t j = i;
            while (j < n && s[j] == '?') ++j;
            if (j - i >= 3) found.emplace_back(s.substr(i, j - i));
            i = j;
        } else if (c == '[') {
            std::size_t j = i + 1;
            while (j < n && ascii_space(s[j])) ++j;
            std::size_t w = j;
            while (w < n && std::isalpha(static_cast<unsigned char>(s[w]))) ++w;
            std::string word(s.substr(j, w - j));
            for (auto& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            const bool opener = (word == "insert" || word == "add" || word == "link" || word == "enter") &&
                                (w == n || !ascii_word_char(s[w]));
            const std::size_t close = opener ? s.find(']', w) : std::string_view::npos;
            if (close != std::string_view::npos) {
                found.emplace_back(s.substr(i, close + 1 - i));
                i = close + 1;
            } else {
                ++i;
            }
        } else if (ascii_word_char(c)) {
            std::size_t j = i;
            while (j < n && ascii_word_char(s[j])) ++j;
            const std::string_view word = s.substr(i, j - i);
            const bool all_x = word.size() >= 2 && word.find_first_not_of('X') == std::string_view::npos;
            if (all_x || word == "TBC" || word == "TBA" || word == "TODO" || word == "FIXME") found.emplace_back(word);
            i = j;
        } else {
            ++i;
        }
    }
    return found;
}

namespace {

std::string shorten(std::string s) {
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

void check_placeholders(const Document& doc, Diagnostics& d) {
    if (auto found = find_placeholders(doc.title); !found.empty())
        d.error(doc.where, "unfinished placeholder '" + found.front() + "' in the document title");
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Text) {
            for (const auto& p : find_placeholders(n.text))
                d.error(doc.location_of(n), "unfinished placeholder '" + p + "' in \"" + shorten(n.text) + "\"");
        }
        for (const auto& [name, value] : n.attributes)
            for (const auto& p : find_placeholders(value))
                d.error(doc.location_of(n), "unfinished placeholder '" + p + "' in the " + name + " of <" +
                                                std::string(element_name(n.kind, n.level)) + ">");
    });
}

void check_headings(const Document& doc, Diagnostics& d) {
    int previous = 0;
    int h1_count = 0;
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind != NodeKind::Heading) return;
        std::string text = shorten(n.plain_text());
        if (text.empty()) d.error(doc.location_of(n), "an empty <h" + std::to_string(n.level) + ">");
        if (n.level == 1 && ++h1_count > 1)
            d.error(doc.location_of(n), "a second <h1> (\"" + text + "\"); a document has one main heading");
        if (previous == 0 && n.level != 1)
            d.error(doc.location_of(n), "the first heading is <h" + std::to_string(n.level) + "> (\"" + text +
                                            "\"); it must be <h1>");
        else if (previous > 0 && n.level > previous + 1)
            d.error(doc.location_of(n), "heading level skipped: <h" + std::to_string(n.level) + "> (\"" + text +
                                            "\") follows <h" + std::to_string(previous) + ">");
        previous = n.level;
    });
    if (h1_count == 0) d.error(doc.where, "the document has no <h1>");
}

void check_images_tables_links(const Document& doc, Diagnostics& d) {
    walk(doc.body, [&](const Node& n, int) {
        if (n.kind == NodeKind::Image && !n.attribute("alt"))
            d.error(doc.location_of(n), "<img src=\"" + n.attribute_or("src", "") +
                                            "\"> has no alt text (write alt=\"\" only for pure decoration)");
        if (n.kind == NodeKind::Chart) {
            std::vector<std::string> problems;
            chart_data(n, problems);
            for (const auto& p : problems) d.error(doc.location_of(n), p);
        }
        if (n.kind == NodeKind::Table) {
            bool has_header = false;
            walk(n.children, [&](const Node& c, int) { has_header |= c.kind == NodeKind::HeaderCell; });
            if (!has_header) d.error(doc.location_of(n), "a table without header cells (<th>)");
        }
        if (n.kind == NodeKind::Link) {
            if (n.attribute_or("href", "").empty()) d.error(doc.location_of(n), "a link without an address (href)");
            if (n.plain_text().empty()) d.error(doc.location_of(n), "a link with no text to read");
        }
    });
}

void check_audience(const Document& doc, Diagnostics& d) {
    std::set<int> reported;
    for (const auto& b : doc.bindings) {
        if (b.origin < 0 || static_cast<std::size_t>(b.origin) >= doc.origins.size()) continue;
        const auto& o = doc.origins[static_cast<std::size_t>(b.origin)];
        if (audience_may_see(doc.audience, o.sensitivity) || !reported.insert(b.origin).second) continue;
        Location at = doc.where;
        at.line = b.line;
        d.error(at, "the template uses {{" + b.tag + "}} (`" + o.path + "`, " +
                        std::string(sensitivity_name(o.sensitivity)) + ") in a document for the " +
                        std::string(audience_name(doc.audience)) + " audience, which may not see it");
    }
    // Text from data that reached the page without a lookup being recorded (never expected).
    walk(doc.body, [&](const Node& n, int) {
        const auto* o = doc.origin_of(n);
        if (o && !audience_may_see(doc.audience, o->sensitivity) && reported.insert(n.origin).second)
            d.error(doc.location_of(n), "`" + o->path + "` (" + std::string(sensitivity_name(o->sensitivity)) +
                                            ") appears in a document for the " +
                                            std::string(audience_name(doc.audience)) + " audience");
    });
}

}  // namespace

void check_document(const Document& doc, Diagnostics& diagnostics) {
    check_placeholders(doc, diagnostics);
    check_headings(doc, diagnostics);
    check_images_tables_links(doc, diagnostics);
    check_audience(doc, diagnostics);
}

}  // namespace carepack

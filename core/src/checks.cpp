#include "carepack/checks.h"

#include <regex>
#include <set>

namespace carepack {

std::vector<std::string> find_placeholders(std::string_view text) {
    // Words councils leave behind in drafts. `X` alone is too common (a 10 x 2 m room, "Year X"),
    // so only two or more: `XX`, `XXX`.
    static const std::regex pattern(
        R"(\?{3,}|\bTBC\b|\bTBA\b|\bTODO\b|\bFIXME\b|\[\s*(?:insert|add|link|enter)\b[^\]]*\]|\bX{2,}\b)",
        std::regex::ECMAScript | std::regex::icase);
    static const std::regex upper_only(R"(\bTBC\b|\bTBA\b|\bTODO\b|\bFIXME\b|\bX{2,}\b)");
    std::vector<std::string> found;
    std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), pattern); it != std::sregex_iterator(); ++it) {
        std::string m = it->str();
        // The words are placeholders in capitals only ("tba" in a word list is not).
        if (std::isalpha(static_cast<unsigned char>(m[0])) && !std::regex_match(m, upper_only)) continue;
        found.push_back(m);
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

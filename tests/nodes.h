// Documents built by hand for renderer tests, as the core would build them from a template.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "carepack/document.h"
#include "carepack/locale.h"
#include "carepack/plugin.h"

namespace carepack::testing {

// ---- building Documents by hand -------------------------------------------------------------

inline Node element(NodeKind kind, std::vector<Node> children = {},
             std::map<std::string, std::string, std::less<>> attributes = {}) {
    Node n;
    n.kind = kind;
    n.children = std::move(children);
    n.attributes = std::move(attributes);
    return n;
}

inline Node text(std::string s) {
    Node n;
    n.kind = NodeKind::Text;
    n.text = std::move(s);
    return n;
}

inline Node heading(int level, std::string words, std::map<std::string, std::string, std::less<>> attributes = {}) {
    Node n = element(NodeKind::Heading, {text(std::move(words))}, std::move(attributes));
    n.level = level;
    return n;
}

inline Node paragraph(std::vector<Node> children) { return element(NodeKind::Paragraph, std::move(children)); }

inline Node anchor(std::string href, std::string words) {
    return element(NodeKind::Link, {text(std::move(words))}, {{"href", std::move(href)}});
}

inline Direction direction_of_language(const std::string& lang) {
    const std::string primary = lang.substr(0, lang.find('-'));
    for (const char* rtl : {"ar", "ur", "fa", "prs", "ps", "ckb", "he"})
        if (primary == rtl) return Direction::RightToLeft;
    return Direction::LeftToRight;
}

// What the core does when it builds a Document: every node gets its language and direction
// from its own attributes or its parent's.
inline void resolve(std::vector<Node>& nodes, const std::string& lang, Direction dir) {
    for (auto& n : nodes) {
        const std::string* own_lang = n.attribute("lang");
        n.lang = own_lang ? *own_lang : lang;
        if (const std::string* own_dir = n.attribute("dir"))
            n.dir = *own_dir == "rtl" ? Direction::RightToLeft : Direction::LeftToRight;
        else
            n.dir = own_lang ? direction_of_language(n.lang) : dir;
        resolve(n.children, n.lang, n.dir);
    }
}

inline Document document(std::vector<Node> body, std::string lang = "en-GB") {
    Document d;
    d.kind = "pledge";
    d.title = "Our pledge to you";
    d.lang = std::move(lang);
    d.dir = direction_of_language(d.lang);
    d.body = std::move(body);
    d.where = Location::in_file("templates/pledge/public.xml");
    resolve(d.body, d.lang, d.dir);
    return d;
}

inline const Catalog& english() {
    static const Catalog c = Catalog::load(std::filesystem::path(CAREPACK_SOURCE_DIR) / "locales" / "en-GB.xml");
    return c;
}

inline Branding brackenmoor() {
    Branding b;
    b.council_name = "Brackenmoor Borough Council";
    b.primary_colour = "#0b4f6c";
    b.on_primary_colour = "#ffffff";
    b.accent_colour = "#ffbf47";
    b.logo_alt = "Brackenmoor Borough Council";
    b.website = "https://www.brackenmoor.example.org";
    return b;
}

}  // namespace carepack::testing

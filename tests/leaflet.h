// Reading a folded leaflet as the tests of its templates need it: the Document's parts between
// page breaks (the panels the template starts), and the size of the text the PDF was set in.
#pragma once

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "carepack/document.h"
#include "support.h"

namespace carepack::testing {

namespace detail {
inline void lines_of(const Node& n, std::string& out) {
    if (n.kind == NodeKind::Text) {
        out += n.text;
        return;
    }
    const bool block = !is_inline(n.kind);
    if (block) out += '\n';
    for (const auto& c : n.children) lines_of(c, out);
    if (block) out += '\n';
}
}  // namespace detail

// The text of each part of the body between top-level page breaks, every block on a line of its
// own with its white space folded: "\nSomewhere to live\n9 kinds of support\n".
inline std::vector<std::string> parts_between_page_breaks(const Document& doc) {
    std::vector<std::string> parts(1);
    for (const auto& n : doc.body) {
        if (n.kind == NodeKind::PageBreak) {
            parts.emplace_back();
            continue;
        }
        detail::lines_of(n, parts.back());
    }
    for (auto& p : parts) {
        std::string folded = "\n";
        std::string line;
        auto flush = [&] {
            std::string f;
            bool space = false;
            for (char c : line) {
                if (c == ' ' || c == '\t' || c == '\r') {
                    space = !f.empty();
                    continue;
                }
                if (space) f += ' ';
                space = false;
                f += c;
            }
            if (!f.empty()) folded += f + "\n";
            line.clear();
        };
        for (char c : p) {
            if (c == '\n') flush();
            else line += c;
        }
        flush();
        p = folded;
    }
    return parts;
}

// The size most of a PDF's text is set in, by MuPDF's reading (`mutool draw -F stext`): a
// leaflet whose content does not fit at its own size is set smaller.
inline double most_used_text_size(const std::filesystem::path& pdf) {
    const CommandResult r = run("mutool draw -q -F stext -o - " + quoted(pdf));
    std::map<std::string, int> uses;
    static const std::regex size("<font [^>]*size=\"([0-9.]+)\"");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), size), end; it != end; ++it) ++uses[(*it)[1]];
    std::string most;
    for (const auto& [s, n] : uses)
        if (most.empty() || n > uses[most]) most = s;
    return most.empty() ? 0 : std::stod(most);
}

}  // namespace carepack::testing

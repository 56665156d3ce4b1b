#include "xml_location.h"

#include <algorithm>

namespace carepack::detail {

LineIndex::LineIndex(std::string_view text, std::string file_name)
    : text_(text), file_(std::make_shared<const std::string>(std::move(file_name))) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts_.push_back(i + 1);
}

Location LineIndex::at(std::ptrdiff_t offset) const {
    if (offset < 0) return Location(file_, 0, 0);
    auto off = std::min(static_cast<std::size_t>(offset), text_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
    auto line = static_cast<int>(it - line_starts_.begin());
    std::size_t start = line_starts_[static_cast<std::size_t>(line - 1)];
    int column = 1;
    for (std::size_t i = start; i < off; ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return Location(file_, line, column);
}

Location LineIndex::of(const pugi::xml_node& node) const {
    std::ptrdiff_t off = node.offset_debug();
    if (node.type() == pugi::node_element && off > 0 && static_cast<std::size_t>(off) <= text_.size() &&
        text_[static_cast<std::size_t>(off - 1)] == '<')
        --off;
    return at(off);
}

std::pair<std::size_t, std::size_t> LineIndex::find_attribute(const pugi::xml_node& element,
                                                               std::string_view name) const {
    constexpr auto none = std::string_view::npos;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    auto start = static_cast<std::size_t>(std::max<std::ptrdiff_t>(element.offset_debug(), 0));
    // Scan the start tag only, skipping quoted values, for ` name =` followed by a quote.
    char quote = 0;
    for (std::size_t i = start; i < text_.size(); ++i) {
        char c = text_[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') { quote = c; continue; }
        if (c == '>') break;
        if (i == 0 || !space(text_[i - 1]) || text_.compare(i, name.size(), name) != 0) continue;
        std::size_t j = i + name.size();
        while (j < text_.size() && space(text_[j])) ++j;
        if (j >= text_.size() || text_[j] != '=') continue;
        ++j;
        while (j < text_.size() && space(text_[j])) ++j;
        if (j < text_.size() && (text_[j] == '"' || text_[j] == '\'')) return {i, j + 1};
    }
    return {none, none};
}

Location LineIndex::of_attribute(const pugi::xml_node& element, std::string_view name) const {
    auto [n, v] = find_attribute(element, name);
    return v == std::string_view::npos ? of(element) : at(static_cast<std::ptrdiff_t>(v));
}

Location LineIndex::of_attribute_name(const pugi::xml_node& element, std::string_view name) const {
    auto [n, v] = find_attribute(element, name);
    return n == std::string_view::npos ? of(element) : at(static_cast<std::ptrdiff_t>(n));
}

std::string describe_parse_error(const pugi::xml_parse_result& r) {
    return std::string("malformed XML: ") + r.description();
}

}  // namespace carepack::detail

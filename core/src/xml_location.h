// Turning pugixml's byte offsets into lines and columns of the file as the reader sees it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "carepack/diagnostics.h"

namespace carepack::detail {

class LineIndex {
public:
    LineIndex(std::string_view text, std::string file_name);
    // Line and column (in characters, 1-based) of a byte offset.
    Location at(std::ptrdiff_t offset) const;
    // An element is located at its '<', as a reader counts; other nodes where pugixml puts them.
    Location of(const pugi::xml_node& node) const;
    // Where the value of attribute `name` of `element` starts (just after its opening quote).
    Location of_attribute(const pugi::xml_node& element, std::string_view name) const;
    // Where the attribute's name starts: the place to point at when the name itself is wrong.
    Location of_attribute_name(const pugi::xml_node& element, std::string_view name) const;
    const std::shared_ptr<const std::string>& file() const { return file_; }
    std::string_view text() const { return text_; }

private:
    // Byte offsets of the attribute's name and of its value, or npos when not found.
    std::pair<std::size_t, std::size_t> find_attribute(const pugi::xml_node& element, std::string_view name) const;
    std::string_view text_;
    std::shared_ptr<const std::string> file_;
    std::vector<std::size_t> line_starts_;
};

// pugixml's message for a parse failure, in our words.
std::string describe_parse_error(const pugi::xml_parse_result& r);

}  // namespace carepack::detail

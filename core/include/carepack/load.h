// Reading content files and case records into the Value tree against a schema.
#pragma once

#include <filesystem>
#include <string_view>

#include "carepack/diagnostics.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

// Reads an XML file whose root element is `spec.name`. Malformed XML, unknown elements and
// attributes, missing required fields and values of the wrong type are reported with
// file:line:col; the Value holds what could be read. Throws Failure only when the file cannot
// be read or parsed at all.
Value load_xml(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics);
// The same from text in memory; `file_name` names it in messages.
Value load_xml_text(std::string_view text, std::string_view file_name, const ObjectSpec& spec,
                    Diagnostics& diagnostics);

// Reads a JSON file whose top level is an object. Errors name the field path
// (`people/a12.json: $.episodes[2].start`), since the JSON parser gives no positions; a syntax
// error gives the line and column the parser stopped at.
Value load_json(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics);
Value load_json_text(std::string_view text, std::string_view file_name, const ObjectSpec& spec,
                     Diagnostics& diagnostics);

// By extension: .xml or .json.
Value load_record(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics);

// Checks an XML fragment against the Document model: elements and attributes it allows, inline
// only or blocks too. Errors are reported at `where`, the fragment's place in its file.
void validate_markup(std::string_view xml, MarkupFlavour flavour, const Location& where,
                     Diagnostics& diagnostics);

std::string read_file(const std::filesystem::path& file);  // throws Failure naming the file

}  // namespace carepack

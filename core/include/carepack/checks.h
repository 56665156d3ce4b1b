// The check stage: what must be true of a Document before anyone sees it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/document.h"

namespace carepack {

// Every check, each reporting with the data's source location where data made the node, else
// the template line:
// - unfinished placeholders (`???`, `TBC`, `TBA`, `TODO`, `[insert ...]`, `XX` as a word) in
//   text and in attribute values;
// - headings: exactly one h1, first; no skipped levels on the way down;
// - images without alt text;
// - tables without header cells;
// - links without an address or with no text;
// - fields the document's audience may not see (shown or used to decide).
void check_document(const Document& doc, Diagnostics& diagnostics);

// Placeholders in one piece of text: each match's text, in order.
std::vector<std::string> find_placeholders(std::string_view text);

}  // namespace carepack

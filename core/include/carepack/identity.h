// Who a personal document is for. Every document made for one young person says so near its
// top (their name, date of birth and NHS number), so that a carer or adviser handing it over can
// check it is the right young person's before they do.
#pragma once

#include <string>
#include <string_view>

#include "carepack/person.h"
#include "carepack/value.h"

namespace carepack {

class Catalog;

// `999 000 0018`: the NHS's own 3-3-4 grouping; the digits as written, other characters dropped.
std::string format_nhs_number(std::string_view nhs_number);

// For a template: {line: "This copy is for Sami, born 11 February 2009." (the catalog's
// `message`, given {name} and {date}, in its language), nhs: "999 000 0018", or empty when the
// record has none}, marked Personal. A kind may name its own message ("This health passport is
// for ..."). Templates show the number inside dir="ltr" so a right-to-left document keeps its
// digits' order.
Value person_identity(const Person& person, const Catalog& catalog, std::string_view lang,
                      std::string_view message = "identity-line");

}  // namespace carepack

#include "carepack/identity.h"

#include "carepack/pipeline.h"
#include "carepack/translation.h"

namespace carepack {

std::string format_nhs_number(std::string_view nhs_number) {
    std::string digits;
    for (char c : nhs_number)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.size() != 10) return std::string(nhs_number);
    return digits.substr(0, 3) + " " + digits.substr(3, 3) + " " + digits.substr(6);
}

Value person_identity(const Person& person, const Catalog& catalog, std::string_view lang, std::string_view message) {
    Value identity = Value::object();
    identity.set("line", message_value(catalog, message,
                                       {{"name", person.preferred_name},
                                        {"date", format_long_date(person.date_of_birth, lang)}}));
    // Empty when the record has none: a template's {{#identity.nhs}} section then shows nothing.
    identity.set("nhs", Value(person.nhs_number.empty() ? std::string() : format_nhs_number(person.nhs_number)));
    identity.mark(Sensitivity::Personal).at(person.where);
    return identity;
}

}  // namespace carepack

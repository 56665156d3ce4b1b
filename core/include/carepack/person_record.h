// The case record: one file per young person (JSON or XML), read against the person schema in
// core. Every field carries a sensitivity, so a document can only show what its audience may
// see. Later document kinds extend this one schema; they do not make another.
#pragma once

#include <filesystem>

#include "carepack/diagnostics.h"
#include "carepack/person.h"
#include "carepack/schema.h"
#include "carepack/value.h"

namespace carepack {

const ObjectSpec& person_schema();

struct PersonRecord {
    Person person;  // the typed view the rules use
    Value value;    // the record as read, for templates
};

// Reads and validates a record; problems go in `diagnostics` with the field path (JSON) or
// line and column (XML). Throws Failure when the file cannot be read or parsed.
PersonRecord load_person(const std::filesystem::path& file, Diagnostics& diagnostics);

// One of the record's people (the personal adviser, the GP, a contact: person_contact in the
// schema) for a template: name, role, organisation, address, phone, email as the record has them
// (each keeping its sensitivity; "" when absent), and phone-uri and email-uri to call or write.
Value contact_for_template(const Value* contact);

// Whether `text` is ten digits (spaces and hyphens between them allowed) whose last is the
// modulus 11 check digit of the other nine, as every NHS number's is.
bool valid_nhs_number(std::string_view text);
// Whether it is in the 999 range the NHS keeps for testing: the only numbers example and
// generated records may use.
bool is_fictional_nhs_number(std::string_view text);

// SSDA903 legal status codes (LS) carepack knows, for validation.
bool known_legal_status(std::string_view code);

}  // namespace carepack

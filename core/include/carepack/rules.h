// The one rule language for conditions: on pledge promises, offer items, template sections.
//
//   condition  := or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" unary | "(" condition ")" | test
//   test       := "age" compare NUMBER
//              |  "age" "in" NUMBER ".." NUMBER          (inclusive)
//              |  "time-in-care" compare NUMBER UNIT      (UNIT: day(s) week(s) month(s) year(s))
//              |  "status" "=" STATUS | "status" "!=" STATUS
//              |  "status" "in" "(" STATUS ("," STATUS)* ")"
//              |  "group" NAME
//              |  "looked-after" | "care-leaver"
//   compare    := "<" | "<=" | ">" | ">=" | "=" | "!="
//
// STATUS is one of none, looked-after, eligible, relevant, former-relevant, qualifying.
// "care-leaver" holds for eligible, relevant, former-relevant and qualifying.
// NAME is a group name: lower-case letters, digits and hyphens (uasc, disabled, young-parent).
// Examples: `age >= 11 and time-in-care >= 6 months`, `group uasc`,
// `status in (relevant, former-relevant) and not group in-custody`.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "carepack/date.h"
#include "carepack/diagnostics.h"
#include "carepack/person.h"

namespace carepack {

class Catalog;

class Condition {
public:
    // Parses once. `where` is the location of the first character of `text` (an attribute
    // value, say); errors are reported at the exact column. Throws Failure on a syntax error,
    // an unknown word, or a number out of range.
    static Condition parse(std::string_view text, const Location& where);

    // A condition that always holds (no condition given).
    Condition();

    bool evaluate(const Person& person, const Date& on) const;
    // Canonical text, e.g. `(age >= 16) and (group uasc)`; parse(to_string()) is equivalent.
    std::string to_string() const;
    // The condition in plain words for a reader, in the catalog's language: "aged 16 to 17
    // and an unaccompanied asylum-seeking young person". Empty when it always holds.
    std::string describe(const Catalog& words) const;
    // The source text as written.
    const std::string& text() const { return text_; }
    bool always() const { return root_ == nullptr; }

    struct Node;  // the parsed tree; defined in rules.cpp

private:
    std::shared_ptr<const Node> root_;
    std::string text_;
};

}  // namespace carepack

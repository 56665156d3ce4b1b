// The Value tree: what loading a council's content or a case record gives, and what a document
// kind hands a template. Every node knows where it came from and how far it may travel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "carepack/diagnostics.h"
#include "carepack/document.h"

namespace carepack {

// An XML fragment from trusted content (a promise with <em> in it), kept as markup so the
// template stage can put it in the Document as elements rather than as escaped text.
struct Markup {
    std::string xml;
    bool operator==(const Markup&) const = default;
};

struct Translation;

class Value {
public:
    using Array = std::vector<Value>;
    using Object = std::vector<std::pair<std::string, Value>>;  // in source order

    enum class Kind { Null, Boolean, Integer, Number, String, Markup, Array, Object };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    Value(int i) : data_(std::int64_t{i}) {}
    Value(std::int64_t i) : data_(i) {}
    Value(double d) : data_(d) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(Markup m) : data_(std::move(m)) {}
    Value(Array a) : data_(std::move(a)) {}
    Value(Object o) : data_(std::move(o)) {}
    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool is_null() const { return kind() == Kind::Null; }
    bool is_bool() const { return kind() == Kind::Boolean; }
    bool is_integer() const { return kind() == Kind::Integer; }
    bool is_number() const { return kind() == Kind::Number || kind() == Kind::Integer; }
    bool is_string() const { return kind() == Kind::String; }
    bool is_markup() const { return kind() == Kind::Markup; }
    bool is_array() const { return kind() == Kind::Array; }
    bool is_object() const { return kind() == Kind::Object; }

    bool as_bool() const { return std::get<bool>(data_); }
    std::int64_t as_integer() const { return std::get<std::int64_t>(data_); }
    double as_number() const;
    const std::string& as_string() const { return std::get<std::string>(data_); }
    const Markup& as_markup() const { return std::get<Markup>(data_); }
    const Array& as_array() const { return std::get<Array>(data_); }
    Array& as_array() { return std::get<Array>(data_); }
    const Object& as_object() const { return std::get<Object>(data_); }
    Object& as_object() { return std::get<Object>(data_); }

    // Object access. `get` gives nullptr when absent; `set` replaces or appends.
    const Value* get(std::string_view key) const;
    Value* get(std::string_view key);
    Value& set(std::string key, Value v);
    // Array append.
    Value& push(Value v);
    std::size_t size() const;  // array or object length, else 0

    // Text of a scalar (numbers in their shortest form), the empty string otherwise.
    std::string text() const;
    // `a.b[2].c` lookup; nullptr when any step is missing.
    const Value* find(std::string_view dotted_path) const;

    Location where;
    Sensitivity sensitivity = Sensitivity::Public;
    // Content text a council may translate (its schema field says so), and the translations
    // its file gives, each in the element after the English (see translation.h).
    bool translatable = false;
    std::vector<Translation> translations;

    // Sets the sensitivity of this node and everything beneath it.
    Value& mark(Sensitivity s);
    // Sets the location of this node when it has none (for values the program derives).
    Value& at(const Location& l);

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Markup, Array, Object> data_;
};

// One translation of a content text: `<promise xml:lang="cy" status="draft" source="…">`.
struct Translation {
    std::string lang;         // BCP 47, from xml:lang
    std::string status;       // `draft` (awaiting the council's review) or `reviewed`
    std::string source_hash;  // source_hash() of the English it was made from
    Value value;              // the translated text or markup
    Location where;
};

// The text of `v`'s field `key` (Value::text), or "" when it has no such field.
std::string text_of(const Value& v, std::string_view key);

// For reading a record whose parts are optional. The field `key` of `object`, when `object` is
// there and is an object and the field is there and not null; nullptr otherwise.
const Value* field_of(const Value* object, std::string_view key);
// That field's items when it is a list; an empty list otherwise.
const Value::Array& items_of(const Value* object, std::string_view key);
// A copy of that field (keeping where it came from and how far it may go), or "" when it is not
// there: a template's section over it then shows nothing.
Value copy_of(const Value* object, std::string_view key);

std::string_view kind_name(Value::Kind k);  // for messages: `a string`, `a list` ...

}  // namespace carepack

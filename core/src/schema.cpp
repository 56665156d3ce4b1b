#include "carepack/schema.h"

namespace carepack {

std::string_view field_type_name(FieldType t) {
    switch (t) {
        case FieldType::Text: return "text";
        case FieldType::Markup: return "rich text";
        case FieldType::Integer: return "a whole number";
        case FieldType::Number: return "a number";
        case FieldType::Boolean: return "true or false";
        case FieldType::Date: return "a date (YYYY-MM-DD)";
        case FieldType::Object: return "an object";
        case FieldType::List: return "a list";
    }
    return "?";
}

FieldSpec& FieldSpec::one_of(std::initializer_list<const char*> values) {
    allowed.assign(values.begin(), values.end());
    return *this;
}

FieldSpec& FieldSpec::xml(std::string element_name, std::string wrapper) {
    xml_name = std::move(element_name);
    xml_wrapper = std::move(wrapper);
    return *this;
}

namespace {
FieldSpec make(std::string name, FieldType t) {
    FieldSpec f;
    f.name = std::move(name);
    f.type = t;
    return f;
}
}  // namespace

FieldSpec text_field(std::string name) { return make(std::move(name), FieldType::Text); }
FieldSpec markup_field(std::string name) { return make(std::move(name), FieldType::Markup); }
FieldSpec integer_field(std::string name) { return make(std::move(name), FieldType::Integer); }
FieldSpec number_field(std::string name) { return make(std::move(name), FieldType::Number); }
FieldSpec boolean_field(std::string name) { return make(std::move(name), FieldType::Boolean); }
FieldSpec date_field(std::string name) { return make(std::move(name), FieldType::Date); }
FieldSpec object_field(std::string name, std::shared_ptr<const ObjectSpec> spec) {
    auto f = make(std::move(name), FieldType::Object);
    f.object = std::move(spec);
    return f;
}
FieldSpec list_field(std::string name, FieldType item) {
    auto f = make(std::move(name), FieldType::List);
    f.item = item;
    return f;
}
FieldSpec list_field(std::string name, std::shared_ptr<const ObjectSpec> spec) {
    auto f = make(std::move(name), FieldType::List);
    f.item = FieldType::Object;
    f.object = std::move(spec);
    return f;
}

const FieldSpec* ObjectSpec::find(std::string_view field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

const FieldSpec* ObjectSpec::find_xml_element(std::string_view element) const {
    for (const auto& f : fields) {
        if (f.place == XmlPlace::Attribute || f.place == XmlPlace::Content) continue;
        if (!f.xml_wrapper.empty() ? f.xml_wrapper == element : f.xml_element() == element) return &f;
    }
    return nullptr;
}

const FieldSpec* ObjectSpec::content_field() const {
    for (const auto& f : fields)
        if (f.place == XmlPlace::Content) return &f;
    return nullptr;
}

}  // namespace carepack

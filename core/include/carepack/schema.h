// Schemas: what a content file or case record must hold, field by field, with each field's type
// and sensitivity. Loading reads XML or JSON against a schema, so every type error, missing
// field and unknown name is reported where it is.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carepack/document.h"

namespace carepack {

enum class FieldType {
    Text,     // a string
    Markup,   // rich text validated against the Document model (see MarkupFlavour)
    Integer,
    Number,
    Boolean,  // true / false
    Date,     // YYYY-MM-DD, a real calendar date
    Object,
    List,
};
std::string_view field_type_name(FieldType t);

enum class MarkupFlavour { Inline, Blocks };

// Where an XML field lives. Scalars may be an attribute or a child element; objects, lists and
// markup are child elements; Content is the element's own text or markup.
enum class XmlPlace { Auto, Attribute, Element, Content };

struct ObjectSpec;

struct FieldSpec {
    std::string name;  // the key in the Value object and in JSON
    FieldType type = FieldType::Text;
    bool is_required = false;
    Sensitivity sensitivity = Sensitivity::Public;
    FieldType item = FieldType::Text;          // List: each item's type
    std::shared_ptr<const ObjectSpec> object;  // Object, or List of Object
    std::vector<std::string> allowed;          // Text: the values allowed, when not empty
    MarkupFlavour flavour = MarkupFlavour::Inline;
    XmlPlace place = XmlPlace::Auto;
    std::string xml_name;     // the element or attribute name when it differs (list items)
    std::string xml_wrapper;  // List: the element the items sit in (<languages><language/>..)
    std::string help;         // one line, for error messages and documentation
    bool is_translatable = false;  // Text or Markup the council may give in other languages

    FieldSpec& required() { is_required = true; return *this; }
    FieldSpec& sensitive(Sensitivity s) { sensitivity = s; return *this; }
    FieldSpec& one_of(std::initializer_list<const char*> values);
    FieldSpec& attribute() { place = XmlPlace::Attribute; return *this; }
    FieldSpec& content() { place = XmlPlace::Content; return *this; }
    FieldSpec& xml(std::string element_name, std::string wrapper = {});
    FieldSpec& blocks() { flavour = MarkupFlavour::Blocks; return *this; }
    FieldSpec& describe(std::string text) { help = std::move(text); return *this; }
    // The field may be followed, in XML, by elements of the same name with xml:lang, status
    // and source attributes: its translations.
    FieldSpec& translatable() { is_translatable = true; return *this; }

    std::string_view xml_element() const { return xml_name.empty() ? std::string_view(name) : xml_name; }
};

FieldSpec text_field(std::string name);
FieldSpec markup_field(std::string name);
FieldSpec integer_field(std::string name);
FieldSpec number_field(std::string name);
FieldSpec boolean_field(std::string name);
FieldSpec date_field(std::string name);
FieldSpec object_field(std::string name, std::shared_ptr<const ObjectSpec> spec);
FieldSpec list_field(std::string name, FieldType item);
FieldSpec list_field(std::string name, std::shared_ptr<const ObjectSpec> spec);

struct ObjectSpec {
    std::string name;  // the XML element name; for messages
    std::vector<FieldSpec> fields;

    ObjectSpec(std::string n, std::vector<FieldSpec> f) : name(std::move(n)), fields(std::move(f)) {}
    const FieldSpec* find(std::string_view field_name) const;
    const FieldSpec* find_xml_element(std::string_view element) const;
    const FieldSpec* content_field() const;
};

inline std::shared_ptr<const ObjectSpec> make_spec(std::string name, std::vector<FieldSpec> fields) {
    return std::make_shared<const ObjectSpec>(std::move(name), std::move(fields));
}

}  // namespace carepack

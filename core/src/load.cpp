#include "carepack/load.h"
#include "carepack/unicode.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <pugixml.hpp>

#include "carepack/date.h"
#include "xml_location.h"

namespace carepack {

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Failure(Location::in_file(file.string()), "cannot read the file (does it exist?)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

constexpr unsigned xml_parse_flags = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_comments;

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}


std::string quoted_list(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) s += i + 1 == names.size() ? " or " : ", ";
        s += names[i];
    }
    return s;
}

void raise_sensitivity(Value& v, Sensitivity s) {
    if (static_cast<int>(v.sensitivity) < static_cast<int>(s)) v.sensitivity = s;
    if (v.is_array())
        for (auto& item : v.as_array()) raise_sensitivity(item, s);
    if (v.is_object())
        for (auto& [k, item] : v.as_object()) raise_sensitivity(item, std::max(item.sensitivity, s));
}

// A scalar from text, checked against the field's type.
Value scalar_from_text(const FieldSpec& f, FieldType type, std::string_view raw, const Location& where,
                       Diagnostics& d) {
    std::string text = fold_space(raw);
    Value v;
    switch (type) {
        case FieldType::Text:
            v = Value(text);
            if (!f.allowed.empty() && std::find(f.allowed.begin(), f.allowed.end(), text) == f.allowed.end())
                d.error(where, "`" + f.name + "` is '" + text + "'; expected " + quoted_list(f.allowed));
            break;
        case FieldType::Integer: {
            std::int64_t n = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (text.empty() || ec != std::errc() || p != text.data() + text.size())
                d.error(where, "`" + f.name + "` must be a whole number, not '" + text + "'");
            v = Value(n);
            break;
        }
        case FieldType::Number: {
            char* end = nullptr;
            double n = std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(n))
                d.error(where, "`" + f.name + "` must be a number, not '" + text + "'");
            v = Value(n);
            break;
        }
        case FieldType::Boolean:
            if (text != "true" && text != "false")
                d.error(where, "`" + f.name + "` must be true or false, not '" + text + "'");
            v = Value(text == "true");
            break;
        case FieldType::Date:
            if (!Date::parse_iso(text))
                d.error(where, "`" + f.name + "` must be a real date written YYYY-MM-DD, not '" + text + "'");
            v = Value(text);
            break;
        default:
            v = Value(text);
    }
    v.where = where;
    return v;
}

bool is_scalar(FieldType t) { return t != FieldType::Object && t != FieldType::List && t != FieldType::Markup; }

// ---- XML ----

class XmlReader {
public:
    XmlReader(const detail::LineIndex& lines, Diagnostics& d) : lines_(lines), d_(d) {}

    std::string inner_xml(const pugi::xml_node& el) const {
        std::ostringstream s;
        for (auto c : el.children())
            if (c.type() != pugi::node_comment) c.print(s, "", pugi::format_raw);
        return s.str();
    }

    Value markup(const FieldSpec& f, const pugi::xml_node& el) {
        auto first = el.first_child();
        Location where = lines_.of(first ? first : el);
        std::string xml = inner_xml(el);
        validate_markup(xml, f.flavour, where, d_);
        if (blank(xml) && f.is_required) d_.error(lines_.of(el), "<" + std::string(el.name()) + "> is empty");
        Value v(Markup{xml});
        v.where = where;
        return v;
    }

    Value element_value(const FieldSpec& f, FieldType type, const pugi::xml_node& el) {
        if (type == FieldType::Object) return object(*f.object, el);
        if (type == FieldType::Markup) return markup(f, el);
        for (auto c : el.children())
            if (c.type() == pugi::node_element) {
                d_.error(lines_.of(c), "<" + std::string(el.name()) + "> holds " + field_type_name(type).data() +
                                           ", not an element <" + c.name() + ">");
                break;
            }
        for (auto a : el.attributes())
            d_.error(lines_.of_attribute_name(el, a.name()),
                     "unknown attribute '" + std::string(a.name()) + "' on <" + el.name() + ">");
        return scalar_from_text(f, type, el.child_value(), lines_.of(el), d_);
    }

    Value object(const ObjectSpec& spec, const pugi::xml_node& el) {
        Value obj = Value::object();
        obj.where = lines_.of(el);
        std::string el_name = el.name();

        for (auto a : el.attributes()) {
            const FieldSpec* f = spec.find(a.name());
            Location at = lines_.of_attribute(el, a.name());
            if (!f || f->place == XmlPlace::Element || f->place == XmlPlace::Content || !is_scalar(f->type)) {
                d_.error(lines_.of_attribute_name(el, a.name()),
                         "unknown attribute '" + std::string(a.name()) + "' on <" + el_name + ">" + expected(spec, true));
                continue;
            }
            Value v = scalar_from_text(*f, f->type, a.value(), at, d_);
            raise_sensitivity(v, f->sensitivity);
            obj.set(f->name, std::move(v));
        }

        const FieldSpec* content = spec.content_field();
        if (content) {
            Value v = content->type == FieldType::Markup
                          ? markup(*content, el)
                          : scalar_from_text(*content, content->type, el.child_value(), lines_.of(el), d_);
            raise_sensitivity(v, content->sensitivity);
            v.translatable = content->is_translatable;
            if (!(v.is_string() && v.as_string().empty()) && !(v.is_markup() && blank(v.as_markup().xml)))
                obj.set(content->name, std::move(v));
        }

        for (auto c : el.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
                if (!content && !blank(c.value()))
                    d_.error(lines_.of(c), "unexpected text in <" + el_name + ">: '" + fold_space(c.value()).substr(0, 40) + "'");
                continue;
            }
            if (c.type() != pugi::node_element) continue;
            if (content) {
                // Markup's elements are its own; any other element beside a text is one the
                // reader would otherwise lose without a word.
                if (content->type != FieldType::Markup)
                    d_.error(lines_.of(c), "<" + el_name + "> holds its " + content->name +
                                               " as its text, so it cannot also hold <" + c.name() + ">");
                continue;
            }
            const FieldSpec* f = spec.find_xml_element(c.name());
            if (!f) {
                d_.error(lines_.of(c), "unknown element <" + std::string(c.name()) + "> in <" + el_name + ">" + expected(spec, false));
                continue;
            }
            if (c.attribute("xml:lang")) {
                // A translation of the element before it of the same name.
                if (f->type == FieldType::List && f->xml_wrapper.empty()) {
                    Value* list = obj.get(f->name);
                    Value* last = list && list->size() > 0 ? &list->as_array().back() : nullptr;
                    if (f->item == FieldType::Object) {
                        const FieldSpec* text = f->object->content_field();
                        translation(c, text, text ? text->type : FieldType::Text, last && text ? last->get(text->name) : nullptr);
                    } else {
                        translation(c, f, f->item, last);
                    }
                } else if (f->type != FieldType::List && f->type != FieldType::Object) {
                    translation(c, f, f->type, obj.get(f->name));
                } else {
                    translation(c, nullptr, f->type, nullptr);
                }
                continue;
            }
            if (f->type == FieldType::List) {
                Value* list = obj.get(f->name);
                if (!list) {
                    list = &obj.set(f->name, Value::array());
                    list->where = lines_.of(c);
                }
                if (!f->xml_wrapper.empty()) {
                    for (auto item : c.children()) {
                        if (item.type() == pugi::node_pcdata && blank(item.value())) continue;
                        if (item.type() == pugi::node_comment) continue;
                        if (item.type() != pugi::node_element || f->xml_element() != item.name()) {
                            d_.error(lines_.of(item), "<" + std::string(c.name()) + "> may hold only <" +
                                                          std::string(f->xml_element()) + "> elements");
                            continue;
                        }
                        if (item.attribute("xml:lang")) {
                            translation(item, f->item == FieldType::Object ? f->object->content_field() : f,
                                        f->item == FieldType::Object && f->object->content_field()
                                            ? f->object->content_field()->type
                                            : f->item,
                                        list->size() > 0 ? &list->as_array().back() : nullptr);
                            continue;
                        }
                        list->push(element_value(*f, f->item, item));
                        list->as_array().back().translatable = f->is_translatable;
                    }
                } else {
                    list->push(element_value(*f, f->item, c));
                    if (f->item != FieldType::Object) list->as_array().back().translatable = f->is_translatable;
                }
                raise_sensitivity(*list, f->sensitivity);
                continue;
            }
            if (obj.get(f->name)) {
                d_.error(lines_.of(c), "<" + std::string(c.name()) + "> is given twice in <" + el_name + ">");
                continue;
            }
            Value v = element_value(*f, f->type, c);
            raise_sensitivity(v, f->sensitivity);
            v.translatable = f->is_translatable;
            obj.set(f->name, std::move(v));
        }

        for (const auto& f : spec.fields) {
            if (obj.get(f.name)) continue;
            if (f.is_required) {
                std::string what = f.place == XmlPlace::Attribute ? "attribute '" + f.name + "'"
                                   : f.place == XmlPlace::Content ? "text"
                                   : f.type == FieldType::List    ? "at least one <" + std::string(f.xml_element()) + ">"
                                   : is_scalar(f.type)            ? "'" + f.name + "'"
                                                                  : "<" + std::string(f.xml_element()) + ">";
                d_.error(obj.where, "<" + el_name + "> needs " + what + (f.help.empty() ? "" : " (" + f.help + ")"));
            } else if (f.type == FieldType::List) {
                obj.set(f.name, Value::array()).where = obj.where;
            }
        }
        return obj;
    }

    // `el` (with xml:lang) translates `target`, the value of field `f` read just before it.
    void translation(const pugi::xml_node& el, const FieldSpec* f, FieldType type, Value* target) {
        const std::string name = el.name();
        const Location at = lines_.of(el);
        if (!f || !f->is_translatable) {
            d_.error(at, "<" + name + "> cannot be translated; only texts written for readers can");
            return;
        }
        if (!target) {
            d_.error(at, "this translation of <" + name + "> must come straight after the English <" + name +
                             "> it translates");
            return;
        }
        Translation t;
        t.where = at;
        for (auto a : el.attributes()) {
            const std::string attr = a.name(), value = a.value();
            const Location aw = lines_.of_attribute(el, attr);
            if (attr == "xml:lang") {
                t.lang = value;
                if (!valid_language_tag(value))
                    d_.error(aw, "xml:lang must be a language tag such as cy, ar or fa-AF, not '" + value + "'");
            } else if (attr == "status") {
                t.status = value;
                if (value != "draft" && value != "reviewed")
                    d_.error(aw, "a translation's status is draft or reviewed, not '" + value + "'");
            } else if (attr == "source") {
                t.source_hash = value;
                if (value.size() != 16 || value.find_first_not_of("0123456789abcdef") != std::string::npos)
                    d_.error(aw, "source must be the 16-digit hash of the English this was translated from "
                                 "(carepack check --translations prints it), not '" + value + "'");
            } else {
                d_.error(lines_.of_attribute_name(el, attr), "a translation takes only xml:lang, status and source, not '" +
                                                                 attr + "'");
            }
        }
        if (t.status.empty()) d_.error(at, "this translation needs status=\"draft\" or status=\"reviewed\"");
        if (t.source_hash.empty())
            d_.error(at, "this translation needs source=\"…\": the hash of the English it was made from");
        for (const auto& other : target->translations)
            if (other.lang == t.lang) d_.error(at, "a second translation of <" + name + "> into " + t.lang);
        if (type == FieldType::Markup) {
            t.value = markup(*f, el);
        } else {
            for (auto c : el.children())
                if (c.type() == pugi::node_element) {
                    d_.error(lines_.of(c), "<" + name + "> holds text, not an element <" + c.name() + ">");
                    break;
                }
            t.value = Value(fold_space(el.child_value()));
            t.value.where = at;
        }
        target->translations.push_back(std::move(t));
    }

private:
    static bool valid_language_tag(const std::string& tag) {
        // language (2-3 letters), then subtags of 2-8 letters or digits
        std::size_t i = 0, n = 0;
        while (i < tag.size() && std::isalpha(static_cast<unsigned char>(tag[i]))) ++i, ++n;
        if (n < 2 || n > 3) return false;
        while (i < tag.size()) {
            if (tag[i] != '-') return false;
            ++i;
            std::size_t len = 0;
            while (i < tag.size() && std::isalnum(static_cast<unsigned char>(tag[i]))) ++i, ++len;
            if (len < 2 || len > 8) return false;
        }
        return true;
    }

    static std::string expected(const ObjectSpec& spec, bool attributes) {
        std::vector<std::string> names;
        for (const auto& f : spec.fields) {
            if (attributes && f.place != XmlPlace::Element && f.place != XmlPlace::Content && is_scalar(f.type))
                names.push_back(f.name);
            if (!attributes && f.place != XmlPlace::Attribute && f.place != XmlPlace::Content)
                names.push_back("<" + (f.xml_wrapper.empty() ? std::string(f.xml_element()) : f.xml_wrapper) + ">");
        }
        if (names.empty()) return attributes ? "; it takes no attributes" : "; it takes no elements";
        return "; expected " + quoted_list(names);
    }

    const detail::LineIndex& lines_;
    Diagnostics& d_;
};

// ---- JSON ----

std::string join_path(const std::string& base, std::string_view key) { return base + "." + std::string(key); }

Location json_at(const std::shared_ptr<const std::string>& file, const std::string& path) {
    return Location(file, 0, 0, path);
}

Value from_json(const Poco::Dynamic::Var& var, const std::shared_ptr<const std::string>& file, const std::string& path) {
    Value v;
    if (var.isEmpty()) {
        v = Value(nullptr);
    } else if (var.type() == typeid(Poco::JSON::Object::Ptr)) {
        v = Value::object();
        auto obj = var.extract<Poco::JSON::Object::Ptr>();
        // Poco keeps keys sorted unless told otherwise; order by key for determinism.
        std::vector<std::string> keys;
        obj->getNames(keys);
        for (const auto& k : keys) v.set(k, from_json(obj->get(k), file, join_path(path, k)));
    } else if (var.type() == typeid(Poco::JSON::Array::Ptr)) {
        v = Value::array();
        auto arr = var.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < arr->size(); ++i)
            v.push(from_json(arr->get(static_cast<unsigned>(i)), file, path + "[" + std::to_string(i) + "]"));
    } else if (var.isBoolean()) {
        v = Value(var.convert<bool>());
    } else if (var.isInteger()) {
        v = Value(var.convert<std::int64_t>());
    } else if (var.isNumeric()) {
        v = Value(var.convert<double>());
    } else if (var.isString()) {
        v = Value(var.convert<std::string>());
    } else {
        v = Value(var.toString());
    }
    v.where = json_at(file, path);
    return v;
}

class JsonChecker {
public:
    explicit JsonChecker(Diagnostics& d) : d_(d) {}

    void check_item(const FieldSpec& f, FieldType type, Value& v) {
        const Location& at = v.where;
        switch (type) {
            case FieldType::Object:
                if (!v.is_object()) return wrong(f, type, v);
                check_object(*f.object, v);
                return;
            case FieldType::List:
                if (!v.is_array()) return wrong(f, type, v);
                for (auto& item : v.as_array()) check_item(f, f.item, item);
                return;
            case FieldType::Markup:
                if (!v.is_string()) return wrong(f, type, v);
                validate_markup(v.as_string(), f.flavour, at, d_);
                {
                    Value m(Markup{v.as_string()});
                    m.where = at;
                    v = std::move(m);
                }
                return;
            case FieldType::Integer:
                if (!v.is_integer()) return wrong(f, type, v);
                return;
            case FieldType::Number:
                if (!v.is_number()) return wrong(f, type, v);
                return;
            case FieldType::Boolean:
                if (!v.is_bool()) return wrong(f, type, v);
                return;
            case FieldType::Date:
                if (!v.is_string()) return wrong(f, type, v);
                if (!Date::parse_iso(v.as_string()))
                    d_.error(at, "`" + f.name + "` must be a real date written YYYY-MM-DD, not '" + v.as_string() + "'");
                return;
            case FieldType::Text:
                if (!v.is_string()) return wrong(f, type, v);
                if (!f.allowed.empty() &&
                    std::find(f.allowed.begin(), f.allowed.end(), v.as_string()) == f.allowed.end())
                    d_.error(at, "`" + f.name + "` is '" + v.as_string() + "'; expected " + quoted_list(f.allowed));
                return;
        }
    }

    void check_object(const ObjectSpec& spec, Value& obj) {
        Value::Object kept;
        for (auto& [key, v] : obj.as_object()) {
            const FieldSpec* f = spec.find(key);
            if (!f) {
                std::vector<std::string> names;
                for (const auto& s : spec.fields) names.push_back(s.name);
                d_.error(v.where, "unknown field `" + key + "`; expected " + quoted_list(names));
                continue;
            }
            if (v.is_null()) {
                if (f->is_required) d_.error(v.where, "`" + key + "` is required and may not be null");
                continue;  // an optional field given as null is absent
            }
            check_item(*f, f->type, v);
            raise_sensitivity(v, f->sensitivity);
            kept.emplace_back(key, std::move(v));
        }
        Location where = obj.where;
        obj.as_object() = std::move(kept);
        for (const auto& f : spec.fields) {
            if (obj.get(f.name)) continue;
            if (f.is_required)
                d_.error(where, "missing required field `" + f.name + "`" + (f.help.empty() ? "" : " (" + f.help + ")"));
            else if (f.type == FieldType::List)
                obj.set(f.name, Value::array()).where = Location(where.file, 0, 0, join_path(where.path, f.name));
        }
        // Keep the schema's order, so the same record always gives the same tree.
        Value::Object ordered;
        for (const auto& f : spec.fields)
            if (auto* v = obj.get(f.name)) ordered.emplace_back(f.name, std::move(*v));
        obj.as_object() = std::move(ordered);
    }

private:
    void wrong(const FieldSpec& f, FieldType type, const Value& v) {
        d_.error(v.where, "`" + f.name + "` must be " + std::string(field_type_name(type)) + ", not " +
                              std::string(kind_name(v.kind())));
    }
    Diagnostics& d_;
};

}  // namespace

Value load_xml_text(std::string_view text, std::string_view file_name, const ObjectSpec& spec,
                    Diagnostics& diagnostics) {
    detail::LineIndex lines(text, std::string(file_name));
    pugi::xml_document doc;
    auto r = doc.load_buffer(text.data(), text.size(), xml_parse_flags, pugi::encoding_utf8);
    if (!r) throw Failure(lines.at(r.offset), detail::describe_parse_error(r));
    auto root = doc.document_element();
    if (spec.name != root.name())
        throw Failure(lines.of(root), "the root element is <" + std::string(root.name()) + ">; expected <" + spec.name + ">");
    XmlReader reader(lines, diagnostics);
    return reader.object(spec, root);
}

Value load_xml(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics) {
    std::string text = read_file(file);
    return load_xml_text(text, file.string(), spec, diagnostics);
}

Value load_json_text(std::string_view text, std::string_view file_name, const ObjectSpec& spec,
                     Diagnostics& diagnostics) {
    auto file = std::make_shared<const std::string>(file_name);
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(std::string(text));
    } catch (const Poco::Exception& e) {
        throw Failure(Location(file, 0, 0), "malformed JSON: " + e.message());
    }
    Value v = from_json(parsed, file, "$");
    if (!v.is_object()) throw Failure(Location(file, 0, 0, "$"), "the top level must be a JSON object");
    JsonChecker(diagnostics).check_object(spec, v);
    return v;
}

Value load_json(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics) {
    std::string text = read_file(file);
    return load_json_text(text, file.string(), spec, diagnostics);
}

Value load_record(const std::filesystem::path& file, const ObjectSpec& spec, Diagnostics& diagnostics) {
    auto ext = file.extension().string();
    if (ext == ".json") return load_json(file, spec, diagnostics);
    if (ext == ".xml") return load_xml(file, spec, diagnostics);
    throw Failure(Location::in_file(file.string()), "unknown record format '" + ext + "'; expected .json or .xml");
}

void validate_markup(std::string_view xml, MarkupFlavour flavour, const Location& where, Diagnostics& diagnostics) {
    std::string wrapped = "<m>" + std::string(xml) + "</m>";
    pugi::xml_document doc;
    auto r = doc.load_buffer(wrapped.data(), wrapped.size(), xml_parse_flags, pugi::encoding_utf8);
    auto locate = [&](std::ptrdiff_t offset) {
        // Lines and columns inside the fragment, placed after where the fragment starts.
        detail::LineIndex lines(wrapped, where.file_name());
        Location l = lines.at(offset);
        Location out = where;
        if (where.line > 0) {
            out.line = where.line + l.line - 1;
            out.column = l.line == 1 ? where.column + l.column - 4 : l.column;  // 3 for "<m>"
        }
        return out;
    };
    if (!r) {
        diagnostics.error(locate(r.offset), "malformed rich text: " + std::string(r.description()));
        return;
    }
    static const std::vector<std::string_view> block_elements = {"p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote"};
    std::function<void(const pugi::xml_node&)> visit = [&](const pugi::xml_node& n) {
        for (auto c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            const ElementRule* rule = element_rule(c.name());
            bool block_ok = flavour == MarkupFlavour::Blocks &&
                            std::find(block_elements.begin(), block_elements.end(), c.name()) != block_elements.end();
            if (!rule || (!is_inline(rule->kind) && !block_ok)) {
                diagnostics.error(locate(c.offset_debug()),
                                  "<" + std::string(c.name()) + "> is not allowed in " +
                                      (flavour == MarkupFlavour::Inline ? "inline text (allowed: em, strong, a, span, br, abbr, time, data)"
                                                                       : "this text (allowed: p, ul, ol, li, dl, dt, dd, blockquote and inline elements)"));
                continue;
            }
            for (auto a : c.attributes())
                if (!rule->allows(a.name()))
                    diagnostics.error(locate(c.offset_debug()),
                                      "<" + std::string(c.name()) + "> does not take the attribute '" + a.name() + "'");
            visit(c);
        }
    };
    visit(doc.document_element());
}

}  // namespace carepack

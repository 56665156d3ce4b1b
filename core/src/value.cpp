#include "carepack/value.h"

#include <cmath>
#include <sstream>

namespace carepack {

double Value::as_number() const {
    if (is_integer()) return static_cast<double>(as_integer());
    return std::get<double>(data_);
}

const Value* Value::get(std::string_view key) const {
    if (!is_object()) return nullptr;
    for (const auto& [k, v] : as_object())
        if (k == key) return &v;
    return nullptr;
}

Value* Value::get(std::string_view key) {
    return const_cast<Value*>(static_cast<const Value*>(this)->get(key));
}

Value& Value::set(std::string key, Value v) {
    if (!is_object()) data_ = Object{};
    if (auto* existing = get(key)) return *existing = std::move(v);
    auto& o = as_object();
    o.emplace_back(std::move(key), std::move(v));
    return o.back().second;
}

Value& Value::push(Value v) {
    if (!is_array()) data_ = Array{};
    auto& a = as_array();
    a.push_back(std::move(v));
    return a.back();
}

std::size_t Value::size() const {
    if (is_array()) return as_array().size();
    if (is_object()) return as_object().size();
    return 0;
}

std::string Value::text() const {
    switch (kind()) {
        case Kind::Boolean: return as_bool() ? "true" : "false";
        case Kind::Integer: return std::to_string(as_integer());
        case Kind::Number: {
            double d = as_number();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
                return std::to_string(static_cast<long long>(d));
            std::ostringstream s;
            s.imbue(std::locale::classic());
            s.precision(15);
            s << d;
            return s.str();
        }
        case Kind::String: return as_string();
        case Kind::Markup: return as_markup().xml;
        default: return {};
    }
}

const Value* Value::find(std::string_view dotted_path) const {
    const Value* v = this;
    std::size_t i = 0;
    while (v && i < dotted_path.size()) {
        if (dotted_path[i] == '.') { ++i; continue; }
        if (dotted_path[i] == '[') {
            auto close = dotted_path.find(']', i);
            if (close == std::string_view::npos || !v->is_array()) return nullptr;
            std::size_t index = 0;
            for (auto c : dotted_path.substr(i + 1, close - i - 1)) {
                if (c < '0' || c > '9') return nullptr;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            if (index >= v->as_array().size()) return nullptr;
            v = &v->as_array()[index];
            i = close + 1;
            continue;
        }
        auto end = dotted_path.find_first_of(".[", i);
        if (end == std::string_view::npos) end = dotted_path.size();
        v = v->get(dotted_path.substr(i, end - i));
        i = end;
    }
    return v;
}

Value& Value::mark(Sensitivity s) {
    sensitivity = s;
    if (is_array())
        for (auto& item : as_array()) item.mark(s);
    if (is_object())
        for (auto& [k, item] : as_object()) item.mark(s);
    return *this;
}

Value& Value::at(const Location& l) {
    if (!where.known()) where = l;
    return *this;
}

std::string_view kind_name(Value::Kind k) {
    switch (k) {
        case Value::Kind::Null: return "null";
        case Value::Kind::Boolean: return "true or false";
        case Value::Kind::Integer: return "a whole number";
        case Value::Kind::Number: return "a number";
        case Value::Kind::String: return "text";
        case Value::Kind::Markup: return "rich text";
        case Value::Kind::Array: return "a list";
        case Value::Kind::Object: return "an object";
    }
    return "?";
}

std::string text_of(const Value& v, std::string_view key) {
    const Value* f = v.get(key);
    return f ? f->text() : std::string();
}

const Value* field_of(const Value* object, std::string_view key) {
    if (!object || !object->is_object()) return nullptr;
    const Value* v = object->get(key);
    return v && !v->is_null() ? v : nullptr;
}

const Value::Array& items_of(const Value* object, std::string_view key) {
    static const Value::Array none;
    const Value* v = field_of(object, key);
    return v && v->is_array() ? v->as_array() : none;
}

Value copy_of(const Value* object, std::string_view key) {
    const Value* v = field_of(object, key);
    return v ? *v : Value("");
}

}  // namespace carepack

#include "carepack/diagnostics.h"

#include <algorithm>

namespace carepack {

Location Location::in_file(std::string_view file_name) {
    return Location(std::make_shared<const std::string>(file_name), 0, 0);
}

Location Location::shifted(int columns) const {
    Location l = *this;
    if (l.line > 0) l.column += columns;
    return l;
}

std::string Location::str() const {
    if (!file) return {};
    std::string s = *file;
    if (line > 0) {
        s += ':' + std::to_string(line);
        if (column > 0) s += ':' + std::to_string(column);
    } else if (!path.empty()) {
        s += ": " + path;
    }
    return s;
}

namespace {
std::string_view severity_word(Severity s) {
    switch (s) {
        case Severity::Note: return "note";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}
}  // namespace

std::string Diagnostic::str() const {
    std::string s = where.str();
    if (!s.empty()) s += ": ";
    s += severity_word(severity);
    s += ": ";
    s += message;
    return s;
}

void Diagnostics::error(const Location& where, std::string message) {
    items_.push_back({Severity::Error, where, std::move(message)});
}
void Diagnostics::warning(const Location& where, std::string message) {
    items_.push_back({Severity::Warning, where, std::move(message)});
}
void Diagnostics::note(const Location& where, std::string message) {
    items_.push_back({Severity::Note, where, std::move(message)});
}
void Diagnostics::add(Diagnostic d) { items_.push_back(std::move(d)); }
void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}
std::size_t Diagnostics::warning_count() const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Warning; }));
}
bool Diagnostics::has_errors() const { return error_count() > 0; }

std::string Diagnostics::str() const {
    std::string s;
    for (const auto& d : items_) s += d.str() + '\n';
    return s;
}

namespace {
std::string first_message(const Diagnostics& d) {
    for (const auto& item : d.items())
        if (item.severity == Severity::Error) return item.str();
    return d.items().empty() ? std::string("failed") : d.items().front().str();
}
}  // namespace

Failure::Failure(Diagnostics d) : std::runtime_error(first_message(d)), diagnostics_(std::move(d)) {}

Failure::Failure(const Location& where, const std::string& message)
    : std::runtime_error(Diagnostic{Severity::Error, where, message}.str()) {
    diagnostics_.error(where, message);
}

}  // namespace carepack

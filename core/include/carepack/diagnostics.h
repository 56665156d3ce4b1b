// Diagnostics: every problem carepack reports names where it is, in compiler form.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace carepack {

// Where something came from. XML and CSV give a line and column; JSON, whose parser gives no
// positions, gives a field path such as `$.care.episodes[2].start`.
struct Location {
    std::shared_ptr<const std::string> file;  // shared: a file has many locations
    int line = 0;                             // 1-based; 0 when unknown
    int column = 0;                           // 1-based; 0 when unknown
    std::string path;                         // JSON field path, or empty

    Location() = default;
    Location(std::shared_ptr<const std::string> f, int l, int c, std::string p = {})
        : file(std::move(f)), line(l), column(c), path(std::move(p)) {}
    static Location in_file(std::string_view file_name);

    bool known() const { return file != nullptr; }
    std::string file_name() const { return file ? *file : std::string(); }
    // The same file, moved on by `columns` characters on the same line (for errors inside an
    // attribute value or a rule expression).
    Location shifted(int columns) const;
    // `file:line:col`, `file: $.path`, or `file` alone.
    std::string str() const;
};

enum class Severity { Note, Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Error;
    Location where;
    std::string message;
    std::string str() const;  // `file:line:col: error: message`
};

// A collector. Loading and checking report into it and carry on where they can, so one run
// shows every problem, not just the first.
class Diagnostics {
public:
    void error(const Location& where, std::string message);
    void warning(const Location& where, std::string message);
    void note(const Location& where, std::string message);
    void add(Diagnostic d);
    void append(const Diagnostics& other);

    bool has_errors() const;
    std::size_t error_count() const;
    std::size_t warning_count() const;
    const std::vector<Diagnostic>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    // One diagnostic a line, in the order reported.
    std::string str() const;

private:
    std::vector<Diagnostic> items_;
};

// Thrown where work cannot go on; carries everything found so far.
class Failure : public std::runtime_error {
public:
    explicit Failure(Diagnostics d);
    Failure(const Location& where, const std::string& message);
    const Diagnostics& diagnostics() const { return diagnostics_; }

private:
    Diagnostics diagnostics_;
};

}  // namespace carepack

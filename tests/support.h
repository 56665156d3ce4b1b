// Shared by the test suites: where things are, temporary folders, running the command.
#pragma once

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <pugixml.hpp>

#include "carepack/diagnostics.h"

namespace carepack::testing {

inline std::filesystem::path source_dir() { return CAREPACK_SOURCE_DIR; }
inline std::filesystem::path build_dir() { return CAREPACK_BUILD_DIR; }
inline std::filesystem::path example_council() { return source_dir() / "examples" / "brackenmoor"; }
inline std::filesystem::path example_person(const std::string& id) {
    return example_council() / "people" / (id + ".json");
}
inline std::filesystem::path carepack_command() { return build_dir() / "bin" / "carepack"; }

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void spit(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A folder that is removed with everything in it when the test ends.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("carepack-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

private:
    std::filesystem::path path_;
};

// A copy of the example council that a test may change.
inline std::filesystem::path copy_example_council(const TempDir& dir) {
    auto to = dir / "council";
    std::filesystem::copy(example_council(), to, std::filesystem::copy_options::recursive);
    return to;
}

inline std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    auto p = s.find(from);
    if (p != std::string::npos) s.replace(p, from.size(), to);
    return s;
}

// A test case record in tests/fixtures/people/.
inline std::filesystem::path person_fixture(const std::string& name) {
    return source_dir() / "tests" / "fixtures" / "people" / (name + ".json");
}

// A copy, in `dir`, of a test case record with `from` replaced by `to`.
inline std::filesystem::path person_fixture_with(const TempDir& dir, const std::string& name, const std::string& from,
                                                 const std::string& to) {
    std::string text = slurp(person_fixture(name));
    BOOST_REQUIRE_MESSAGE(text.find(from) != std::string::npos, name << " has no '" << from << "'");
    auto file = dir / (name + "-changed.json");
    spit(file, replace_once(text, from, to));
    return file;
}

// ---- the example pledge, read here independently of carepack's loader ----

struct Promise {
    std::string id, text, when;
};

// The promises as pledge.xml has them, read here independently of carepack's loader.
inline std::vector<Promise> promises_in_file() {
    pugi::xml_document doc;
    BOOST_REQUIRE(doc.load_file((example_council() / "pledge.xml").c_str(), pugi::parse_default | pugi::parse_ws_pcdata));
    std::vector<Promise> out;
    for (auto theme : doc.child("pledge").children("theme"))
        for (auto p : theme.children("promise")) {
            if (p.attribute("xml:lang")) continue;  // a translation of the promise before it
            std::string text;
            for (auto c : p.children()) {
                if (c.type() == pugi::node_pcdata) text += c.value();
                else text += c.text().get();  // <em>, <strong>: their words
            }
            // fold white space as a reader sees it
            std::string folded;
            bool space = false;
            for (char ch : text) {
                if (std::isspace(static_cast<unsigned char>(ch))) { space = !folded.empty(); continue; }
                if (space) folded += ' ';
                space = false;
                folded += ch;
            }
            out.push_back({p.attribute("id").value(), folded, p.attribute("when").value()});
        }
    return out;
}

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout and stderr together
};

// Runs a shell command line, capturing its output.
inline CommandResult run(const std::string& command_line) {
    CommandResult r;
    FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Whether some diagnostic is located at something containing `where` and says `words`.
inline bool mentions(const Diagnostics& d, const std::string& where, const std::string& words) {
    for (const auto& item : d.items())
        if (item.str().find(where) != std::string::npos && item.message.find(words) != std::string::npos) return true;
    return false;
}

inline std::string quoted(const std::filesystem::path& p) {
    std::string s = "'";
    s += p.string();
    s += "'";
    return s;
}

}  // namespace carepack::testing

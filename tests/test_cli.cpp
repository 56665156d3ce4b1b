#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include <regex>

#include "support.h"

using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {
std::string cli(const std::string& args) {
    return quoted(carepack_command()) + " --plugin-dir " + quoted(CAREPACK_BUILD_PLUGIN_DIR) + " " + args;
}

std::size_t files_in(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
}

// The line number in `text` of the first line containing `needle`.
int line_of(const std::string& text, const std::string& needle) {
    auto p = text.find(needle);
    return p == std::string::npos ? 0 : static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(p), '\n')) + 1;
}
}  // namespace

BOOST_AUTO_TEST_CASE(render_writes_the_pledge_page) {
    TempDir out;
    auto r = run(cli("render pledge --authority " + quoted(example_council()) + " --format html --date 2026-11-22 -o " +
                          quoted(out / "out")));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(fs::exists(out / "out" / "pledge-en-GB.html"));
    BOOST_TEST(r.out.find("wrote ") != std::string::npos);
    auto page = slurp(out / "out" / "pledge-en-GB.html");
    BOOST_TEST(page.find("calling you back within 24 hours") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_reports_nothing_on_the_example_council_but_its_missing_translations) {
    auto r = run(cli("check --authority " + quoted(example_council())));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(r.out.find(": 0 errors,") != std::string::npos, r.out);
    // The example leaves some translations out on purpose, so that fallback shows; they are the
    // only thing check may mention.
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        if (line.find(": warning: ") != std::string::npos || line.find(": error: ") != std::string::npos)
            BOOST_TEST(line.find("shown in English in the") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(check_finds_an_unfinished_placeholder_with_file_and_line) {
    TempDir dir;
    auto council = copy_example_council(dir);
    auto text = slurp(council / "pledge.xml");
    const std::string promise = "calling you back within 24 hours";
    text = replace_once(text, promise, "calling you back within ??? hours");
    spit(council / "pledge.xml", text);
    int line = line_of(text, "within ??? hours");
    auto r = run(cli("check --authority " + quoted(council)));
    BOOST_TEST(r.exit_code != 0, r.out);
    BOOST_TEST(r.out.find((council / "pledge.xml").string() + ":" + std::to_string(line) + ":") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("unfinished placeholder '?\?\?'") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(a_missing_council_folder_is_an_error_and_writes_nothing) {
    TempDir out;
    auto r = run(cli("render pledge --authority " + quoted(out / "no-such-council") + " -o " + quoted(out / "o")));
    BOOST_TEST(r.exit_code != 0);
    BOOST_TEST(r.out.find((out / "no-such-council" / "authority.xml").string() + ": error: cannot read the file") !=
                   std::string::npos, r.out);
    BOOST_TEST(files_in(out / "o") == 0u);
}

BOOST_AUTO_TEST_CASE(malformed_xml_is_located_and_writes_nothing) {
    TempDir dir;
    auto council = copy_example_council(dir);
    auto text = slurp(council / "pledge.xml");
    text = replace_once(text, "</heading>", "</headin>");
    spit(council / "pledge.xml", text);
    int line = line_of(text, "</headin>");
    auto r = run(cli("render pledge --authority " + quoted(council) + " -o " + quoted(dir / "o")));
    BOOST_TEST(r.exit_code != 0);
    BOOST_TEST(r.out.find((council / "pledge.xml").string() + ":" + std::to_string(line) + ":") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("malformed XML") != std::string::npos, r.out);
    BOOST_TEST(files_in(dir / "o") == 0u);
}

BOOST_AUTO_TEST_CASE(a_promise_with_an_unknown_condition_is_located_to_the_column) {
    TempDir dir;
    auto council = copy_example_council(dir);
    auto text = slurp(council / "pledge.xml");
    text = replace_once(text, "when=\"group uasc\"", "when=\"group uasc or agee &gt; 3\"");
    spit(council / "pledge.xml", text);
    int line = line_of(text, "agee &gt; 3");
    auto line_start = text.rfind('\n', text.find("agee &gt; 3")) + 1;
    int column = static_cast<int>(text.find("agee &gt; 3") - line_start) + 1;
    auto r = run(cli("render pledge --authority " + quoted(council) + " -o " + quoted(dir / "o")));
    BOOST_TEST(r.exit_code != 0);
    BOOST_TEST(r.out.find((council / "pledge.xml").string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                          ": error:") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("agee") != std::string::npos, r.out);
    BOOST_TEST(files_in(dir / "o") == 0u);
}

BOOST_AUTO_TEST_CASE(a_format_no_plugin_provides_names_what_is_available) {
    TempDir dir;
    auto r = run(cli("render pledge --authority " + quoted(example_council()) + " --format docx -o " + quoted(dir / "o")));
    BOOST_TEST(r.exit_code != 0);
    BOOST_TEST(r.out.find("no renderer for the format 'docx'") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("available: ") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("html") != std::string::npos, r.out);
    auto layout = run(cli("render pledge --authority " + quoted(example_council()) + " --layout poster -o " + quoted(dir / "o")));
    BOOST_TEST(layout.exit_code != 0);
    BOOST_TEST(layout.out.find("no layout 'poster'") != std::string::npos, layout.out);
    BOOST_TEST(files_in(dir / "o") == 0u);
}

BOOST_AUTO_TEST_CASE(help_and_version) {
    for (const std::string cmd : {"render", "check", "plugins", "demo"}) {
        auto r = run(cli(cmd + " --help"));
        BOOST_TEST(r.exit_code == 0, cmd);
        BOOST_TEST(r.out.find("Usage: carepack " + cmd) != std::string::npos, r.out);
    }
    auto v = run(cli("--version"));
    BOOST_TEST(v.exit_code == 0);
    BOOST_TEST(v.out.find("carepack 0.") == 0, v.out);
    auto bad = run(cli("frobnicate"));
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(bad.out.find("unknown command 'frobnicate'") != std::string::npos);
    auto date = run(cli("render pledge --authority x --date 2026-06-31"));
    BOOST_TEST(date.exit_code == 2);
    BOOST_TEST(date.out.find("--date must be a real date") != std::string::npos, date.out);
}

BOOST_AUTO_TEST_CASE(plugins_lists_kinds_and_formats) {
    auto r = run(cli("plugins"));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(r.out.find("html (renderer)") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("pledge (document kind)") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("formats: html") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(the_demo_writes_public_and_personal_pledges) {
    TempDir out;
    auto r = run(cli("demo --date 2026-11-22 -o " + quoted(out / "demo")));
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(fs::exists(out / "demo" / "public" / "pledge-en-GB.html"));
    BOOST_TEST(fs::exists(out / "demo" / "personal" / "pledge-brk-ex-0003-en-GB.html"));
    BOOST_TEST(r.out.find("outputs are in") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(check_translations_reports_coverage_per_language) {
    auto r = run(cli("check --translations --authority " + quoted(example_council())));
    BOOST_TEST(r.exit_code == 0, r.out);
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(r.out, m, std::regex(R"(Arabic \(ar\): (\d+)% translated \((\d+) of (\d+);)")), r.out);
    BOOST_TEST(std::stoi(m[3]) > 200);  // every translatable text of both pledges and the offer
    // Each gap says where the English is and what a translation's source should be.
    BOOST_TEST(std::regex_search(r.out, std::regex(R"(offer\.xml:\d+:\d+: (missing|stale) \(source="[0-9a-f]{16}"\))")), r.out);
}

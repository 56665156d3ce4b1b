#define BOOST_TEST_MODULE register
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <sys/stat.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "carepack/diagnostics.h"
#include "carepack/packs.h"
#include "carepack/register.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

namespace {

std::string cli(const std::string& args) {
    return testing::quoted(carepack_command()) + " --plugin-dir " + testing::quoted(fs::path(CAREPACK_BUILD_PLUGIN_DIR)) + " " + args;
}

void write_case(const fs::path& file, const std::string& id) {
    spit(file, replace_once(slurp(example_council() / "caseload" / "brk-lc-0001.json"), "\"BRK-LC-0001\"", "\"" + id + "\""));
}

RegisterEntry entry(const std::string& person, const std::string& kind, const std::string& lang) {
    RegisterEntry e;
    e.run_id = "run-1";
    e.user = "tester";
    e.council = "brackenmoor";
    e.person_id = person;
    e.kind = kind;
    e.lang = lang;
    e.format = "pdf";
    e.file = "/tmp/x/" + kind + "-" + lang + ".pdf";
    e.sha256 = sha256_hex(person + kind + lang);
    e.template_path = "templates/" + kind + "/" + kind + ".xml";
    e.template_sha256 = sha256_hex(kind);
    e.content_version = "1.0";
    e.audience = "young-person";
    return e;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

Poco::JSON::Array::Ptr json_rows(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Array::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(rows_are_kept_owner_only_and_listed_newest_first_with_filters) {
    TempDir dir;
    auto file = dir / "private" / "register.sqlite";
    {
        Register reg("sqlite:" + file.string());
        reg.record({entry("BRK-1", "pledge", "en-GB"), entry("BRK-1", "local-offer", "en-GB")});
        reg.record({entry("BRK-2", "pledge", "cy")});
    }
    BOOST_TEST(mode_of(file) == 0600u);
    BOOST_TEST(mode_of(file.parent_path()) == 0700u);

    Register reg("sqlite:" + file.string());  // opened again: the rows are still there
    auto all = reg.list({});
    BOOST_REQUIRE_EQUAL(all.size(), 3u);
    BOOST_TEST(all[0].person_id == "BRK-2");  // the newest
    BOOST_TEST(all[0].lang == "cy");
    BOOST_TEST(all[0].sha256 == sha256_hex("BRK-2pledgecy"));
    BOOST_TEST(all[1].kind == "local-offer");  // the later row of the same transaction first
    BOOST_TEST(all[2].kind == "pledge");
    BOOST_TEST(all[2].when <= all[0].when);
    BOOST_TEST(all[0].when.size() == 24u);  // 2026-12-02T16:05:10.123Z
    BOOST_TEST(all[0].when.back() == 'Z');

    RegisterFilter person;
    person.person_id = "BRK-1";
    BOOST_TEST(reg.list(person).size() == 2u);
    RegisterFilter kind;
    kind.kind = "pledge";
    BOOST_TEST(reg.list(kind).size() == 2u);
    // Since and until are whole UTC days: today's rows are in a range ending today, and none
    // are before it.
    auto today = Date::parse_iso(all[0].when.substr(0, 10));
    BOOST_REQUIRE(today);
    RegisterFilter range;
    range.since = today;
    range.until = today;
    BOOST_TEST(reg.list(range).size() == 3u);
    RegisterFilter before;
    before.until = today->add_days(-1);
    BOOST_TEST(reg.list(before).empty());
    RegisterFilter after;
    after.since = today->add_days(1);
    BOOST_TEST(reg.list(after).empty());
}

BOOST_AUTO_TEST_CASE(where_the_register_is_comes_from_the_option_then_the_environment_then_xdg) {
    ::setenv("CAREPACK_REGISTER", "sqlite:/tmp/from-env.sqlite", 1);
    BOOST_TEST(Register::default_connection("sqlite:/given.sqlite") == "sqlite:/given.sqlite");
    BOOST_TEST(Register::default_connection() == "sqlite:/tmp/from-env.sqlite");
    ::unsetenv("CAREPACK_REGISTER");
    ::setenv("XDG_DATA_HOME", "/tmp/xdg-data", 1);
    BOOST_TEST(Register::default_connection() == "sqlite:/tmp/xdg-data/carepack/register.sqlite");
    ::unsetenv("XDG_DATA_HOME");
    ::setenv("HOME", "/home/someone", 1);
    BOOST_TEST(Register::default_connection() == "sqlite:/home/someone/.local/share/carepack/register.sqlite");
}

BOOST_AUTO_TEST_CASE(a_connection_that_is_neither_sqlite_nor_postgresql_is_refused) {
    BOOST_CHECK_THROW(Register("mysql:host=example.org"), Failure);
    BOOST_CHECK_THROW(Register("sqlite:"), Failure);
    auto r = run(cli("register --register nonsense"));
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.out.find("neither sqlite:PATH nor postgresql:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(packs_record_one_row_per_document_file_and_register_filters_by_person) {
    TempDir dir;
    auto cases = dir / "cases";
    write_case(cases / "packs-reg-a.json", "PACKS-REG-A");
    write_case(cases / "packs-reg-b.json", "PACKS-REG-B");
    const std::string reg = testing::quoted("sqlite:" + (dir / "register.sqlite").string());
    auto made = run(cli("packs --authority " + testing::quoted(example_council()) + " --cases " + testing::quoted(cases) + " -o " +
                        testing::quoted(dir / "out") + " --date 2026-12-02 --kinds pledge,local-offer --register " + reg));
    BOOST_TEST_INFO(made.out);
    BOOST_REQUIRE_EQUAL(made.exit_code, 0);

    auto listed = run(cli("register --register " + reg + " --person PACKS-REG-A --format json"));
    BOOST_TEST_INFO(listed.out);
    BOOST_REQUIRE_EQUAL(listed.exit_code, 0);
    auto rows = json_rows(listed.out);
    // Two kinds, in Pashto and English, as HTML and PDF.
    BOOST_REQUIRE_EQUAL(rows->size(), 8u);
    Poco::JSON::Parser parser;
    auto manifest = parser.parse(slurp(dir / "out" / "packs-reg-a" / "manifest.json")).extract<Poco::JSON::Object::Ptr>();
    auto files = manifest->getArray("files");
    std::set<std::string> from_manifest, from_register;
    for (std::size_t i = 0; i < files->size(); ++i) {
        auto f = files->getObject(static_cast<unsigned>(i));
        from_manifest.insert(f->getValue<std::string>("kind") + " " + f->getValue<std::string>("lang") + " " +
                             f->getValue<std::string>("format") + " " + f->getValue<std::string>("sha256"));
    }
    std::string run_id;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        auto r = rows->getObject(static_cast<unsigned>(i));
        BOOST_TEST(r->getValue<std::string>("person") == "PACKS-REG-A");
        BOOST_TEST(r->getValue<std::string>("council") == "brackenmoor");
        BOOST_TEST(r->getValue<std::string>("audience") == "young-person");
        BOOST_TEST(r->getValue<std::string>("user") == Register::current_user());
        const auto file = r->getValue<std::string>("file");
        BOOST_TEST(fs::path(file).is_absolute());
        BOOST_TEST(sha256_hex(slurp(file)) == r->getValue<std::string>("sha256"));
        from_register.insert(r->getValue<std::string>("kind") + " " + r->getValue<std::string>("lang") + " " +
                             r->getValue<std::string>("format") + " " + r->getValue<std::string>("sha256"));
        if (run_id.empty()) run_id = r->getValue<std::string>("run");
        BOOST_TEST(r->getValue<std::string>("run") == run_id);  // one batch, one run
    }
    BOOST_TEST(from_manifest == from_register);

    auto pledges = json_rows(run(cli("register --register " + reg + " --kind pledge --format json")).out);
    BOOST_TEST(pledges->size() == 8u);  // both young people, 2 languages, 2 formats
    auto csv = run(cli("register --register " + reg + " --person PACKS-REG-B --format csv"));
    BOOST_TEST(csv.out.rfind("when,user,council,person,kind,lang,format", 0) == 0);
    BOOST_TEST(std::count(csv.out.begin(), csv.out.end(), '\n') == 9);  // a header and 8 rows
    BOOST_TEST(csv.out.find("PACKS-REG-A") == std::string::npos);
    auto table = run(cli("register --register " + reg + " --person PACKS-REG-B"));
    BOOST_TEST(table.out.find("8 documents in sqlite:") != std::string::npos);
    BOOST_TEST(table.out.find("local-offer-packs-reg-b-en-GB.pdf") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(render_of_a_personal_copy_is_recorded_and_a_public_one_is_not) {
    TempDir dir;
    const std::string reg = "sqlite:" + (dir / "register.sqlite").string();
    write_case(dir / "packs-render.json", "PACKS-RENDER");
    auto personal = run("CAREPACK_REGISTER=" + testing::quoted(reg) + " " +
                        cli("render pledge --authority " + testing::quoted(example_council()) + " --person " +
                            testing::quoted(dir / "packs-render.json") + " --format html,pdf --date 2026-12-02 -o " +
                            testing::quoted(dir / "out")));
    BOOST_TEST_INFO(personal.out);
    BOOST_REQUIRE_EQUAL(personal.exit_code, 0);
    auto pub = run(cli("render pledge --authority " + testing::quoted(example_council()) + " --date 2026-12-02 -o " +
                       testing::quoted(dir / "out") + " --register " + testing::quoted(reg)));
    BOOST_REQUIRE_EQUAL(pub.exit_code, 0);

    Register r(reg);
    auto rows = r.list({});
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    for (const auto& row : rows) {
        BOOST_TEST(row.person_id == "PACKS-RENDER");
        BOOST_TEST(row.kind == "pledge");
        BOOST_TEST(row.lang == "en-GB");
        BOOST_TEST(row.template_path == "templates/pledge/pledge.xml");
        BOOST_TEST(row.sha256 == sha256_hex(slurp(row.file)));
    }
    BOOST_TEST(rows[0].run_id == rows[1].run_id);
    std::set<std::string> formats{rows[0].format, rows[1].format};
    BOOST_TEST((formats == std::set<std::string>{"html", "pdf"}));
}

// A shared deployment's register. CAREPACK_TEST_POSTGRESQL names a database to test against
// (`postgresql:host=/tmp/pg port=5432 dbname=carepack user=postgres`); without it, only that an
// unreachable server is reported is tested.
BOOST_AUTO_TEST_CASE(the_register_can_be_postgresql) {
    const char* conn = std::getenv("CAREPACK_TEST_POSTGRESQL");
    if (!conn || !*conn) {
        BOOST_TEST_MESSAGE("CAREPACK_TEST_POSTGRESQL is not set: the PostgreSQL register is not tested against a server");
        try {
            Register unreachable("postgresql:host=/nonexistent-socket-dir port=1 dbname=none connect_timeout=1");
            BOOST_ERROR("a register on a server that is not there was opened");
        } catch (const Failure& f) {
            BOOST_TEST((f.diagnostics().str().find("postgresql:host=/nonexistent-socket-dir") != std::string::npos));
        }
        return;
    }
    Register reg(conn);
    const std::string person = "PG-" + Register::new_run_id();  // rows of earlier runs stay
    reg.record({entry(person, "pledge", "en-GB"), entry(person, "local-offer", "ps")});
    RegisterFilter f;
    f.person_id = person;
    auto rows = reg.list(f);
    BOOST_REQUIRE_EQUAL(rows.size(), 2u);
    BOOST_TEST(rows[0].kind == "local-offer");
    BOOST_TEST(rows[0].lang == "ps");
    BOOST_TEST(rows[1].sha256 == sha256_hex(person + "pledgeen-GB"));
    f.kind = "pledge";
    BOOST_TEST(reg.list(f).size() == 1u);
}

#include "carepack/register.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionFactory.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/UUIDGenerator.h>
#ifdef CAREPACK_HAVE_POSTGRESQL
#include <Poco/Data/PostgreSQL/Connector.h>
#endif

#include "carepack/diagnostics.h"

namespace carepack {

using namespace Poco::Data::Keywords;

namespace {

enum class Backend { SQLite, PostgreSQL };

// The columns in the order they are written and read; `made_at` because WHEN is an SQL keyword.
const char* const columns =
    "run_id, made_at, made_by, council, person_id, kind, lang, format, file, sha256, template, "
    "template_sha256, content_version, audience";

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

// The SQLite file and its folder exist before SQLite opens them, so that they are the owner's
// alone from the first byte (SQLite gives its -wal and -shm files the same permissions).
void prepare_sqlite_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (file.has_parent_path() && !std::filesystem::exists(file.parent_path(), ec)) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) throw Failure(Location(), "cannot create the register's folder " + file.parent_path().string() + ": " + ec.message());
        ::chmod(file.parent_path().c_str(), 0700);
    }
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw Failure(Location(), "cannot open the register " + file.string() + ": " + std::strerror(errno));
    ::close(fd);
}

void register_connectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
#ifdef CAREPACK_HAVE_POSTGRESQL
        Poco::Data::PostgreSQL::Connector::registerConnector();
#endif
    });
}

}  // namespace

struct Register::Impl {
    std::string connection;
    Backend backend = Backend::SQLite;
    std::unique_ptr<Poco::Data::Session> session;
    mutable std::mutex mutex;

    // `?` for SQLite, `$1` ... for PostgreSQL's own placeholders.
    std::string placeholder(int i) const { return backend == Backend::SQLite ? "?" : "$" + std::to_string(i); }
};

Register::Register(const std::string& connection) : impl_(std::make_unique<Impl>()) {
    impl_->connection = connection;
    register_connectors();
    std::string connector, target;
    if (connection.rfind("sqlite:", 0) == 0) {
        connector = "SQLite";
        target = connection.substr(7);
        if (target.empty()) throw Failure(Location(), "the register connection 'sqlite:' needs a file: sqlite:PATH");
        prepare_sqlite_file(target);
    } else if (connection.rfind("postgresql:", 0) == 0) {
#ifdef CAREPACK_HAVE_POSTGRESQL
        connector = "PostgreSQL";
        impl_->backend = Backend::PostgreSQL;
        target = connection.substr(11);
#else
        throw Failure(Location(), "this carepack was built without PostgreSQL (Poco DataPostgreSQL); use sqlite:PATH");
#endif
    } else {
        throw Failure(Location(), "the register connection '" + connection +
                                      "' is neither sqlite:PATH nor postgresql:host=... dbname=...");
    }
    try {
        impl_->session = std::make_unique<Poco::Data::Session>(connector, target);
        auto& s = *impl_->session;
        if (impl_->backend == Backend::SQLite) {
            // Several processes may record at once; wait for each other's transactions rather
            // than fail. WAL keeps a commit per pack cheap.
            s << "PRAGMA busy_timeout = 30000", now;
            s << "PRAGMA journal_mode = WAL", now;
            s << "PRAGMA synchronous = NORMAL", now;
        } else {
            // "relation already exists, skipping" is not news on every run.
            s << "SET client_min_messages TO WARNING", now;
        }
        const std::string id = impl_->backend == Backend::SQLite ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                                                 : "id BIGSERIAL PRIMARY KEY";
        s << "CREATE TABLE IF NOT EXISTS documents (" + id +
                 ", run_id TEXT NOT NULL, made_at TEXT NOT NULL, made_by TEXT NOT NULL, council TEXT NOT NULL, "
                 "person_id TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT NOT NULL, format TEXT NOT NULL, "
                 "file TEXT NOT NULL, sha256 TEXT NOT NULL, template TEXT NOT NULL, template_sha256 TEXT NOT NULL, "
                 "content_version TEXT NOT NULL, audience TEXT NOT NULL)",
            now;
        s << "CREATE INDEX IF NOT EXISTS documents_person ON documents (person_id, made_at)", now;
    } catch (const Poco::Exception& e) {
        throw Failure(Location(), "cannot open the register " + connection + ": " + e.displayText());
    }
}

Register::~Register() = default;

const std::string& Register::connection() const { return impl_->connection; }

std::string Register::default_connection(const std::string& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("CAREPACK_REGISTER"); env && *env) return env;
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg && std::filesystem::path(xdg).is_absolute()) {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
            if (const passwd* pw = ::getpwuid(::geteuid())) home = pw->pw_dir;
        }
        base = std::filesystem::path(home ? home : ".") / ".local" / "share";
    }
    return "sqlite:" + (base / "carepack" / "register.sqlite").string();
}

std::string Register::new_run_id() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

std::string Register::current_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "uid " + std::to_string(::geteuid());
}

void Register::record(std::vector<RegisterEntry> entries) {
    if (entries.empty()) return;
    const std::string when = utc_now();
    // Column-wise, so Poco binds each column once and runs the statement for every row.
    std::vector<std::string> cols[14];
    for (auto& e : entries) {
        e.when = when;
        std::string* fields[14] = {&e.run_id, &e.when,  &e.user, &e.council,       &e.person_id,       &e.kind,
                                   &e.lang,   &e.format, &e.file, &e.sha256, &e.template_path, &e.template_sha256,
                                   &e.content_version, &e.audience};
        for (int i = 0; i < 14; ++i) cols[i].push_back(std::move(*fields[i]));
    }
    std::string sql = std::string("INSERT INTO documents (") + columns + ") VALUES (";
    for (int i = 1; i <= 14; ++i) sql += (i > 1 ? ", " : "") + impl_->placeholder(i);
    sql += ")";
    std::lock_guard lock(impl_->mutex);
    auto& s = *impl_->session;
    try {
        s.begin();
        if (impl_->backend == Backend::SQLite) {
            s << sql, use(cols[0]), use(cols[1]), use(cols[2]), use(cols[3]), use(cols[4]), use(cols[5]), use(cols[6]),
                use(cols[7]), use(cols[8]), use(cols[9]), use(cols[10]), use(cols[11]), use(cols[12]), use(cols[13]), now;
        } else {
            // Poco's PostgreSQL binder takes no vectors, and a round trip per row is slow over a
            // network: many rows to a statement.
            const std::size_t rows = cols[0].size(), per_statement = 64;
            for (std::size_t first = 0; first < rows; first += per_statement) {
                const std::size_t count = std::min(per_statement, rows - first);
                std::string many = std::string("INSERT INTO documents (") + columns + ") VALUES ";
                int n = 0;
                for (std::size_t r = 0; r < count; ++r) {
                    many += r ? ", (" : "(";
                    for (int i = 0; i < 14; ++i) many += (i ? ", " : "") + impl_->placeholder(++n);
                    many += ")";
                }
                Poco::Data::Statement insert(s);
                insert << many;
                for (std::size_t r = first; r < first + count; ++r)
                    for (int i = 0; i < 14; ++i) insert, use(cols[i][r]);
                insert.execute();
            }
        }
        s.commit();
    } catch (const Poco::Exception& e) {
        try {
            if (s.isTransaction()) s.rollback();
        } catch (const Poco::Exception&) {
        }
        throw Failure(Location(), "the register " + impl_->connection + " refused the rows: " + e.displayText());
    }
}

std::vector<RegisterEntry> Register::list(const RegisterFilter& filter) const {
    std::string sql = std::string("SELECT ") + columns + " FROM documents";
    std::vector<std::string> args;
    std::string where;
    auto condition = [&](const std::string& column_op, std::string value) {
        args.push_back(std::move(value));
        where += (where.empty() ? " WHERE " : " AND ") + column_op + " " + impl_->placeholder(static_cast<int>(args.size()));
    };
    if (!filter.person_id.empty()) condition("person_id =", filter.person_id);
    if (!filter.kind.empty()) condition("kind =", filter.kind);
    // Timestamps are ISO 8601 in UTC, so they sort as text.
    if (filter.since) condition("made_at >=", filter.since->iso());
    if (filter.until) condition("made_at <", filter.until->add_days(1).iso());
    sql += where + " ORDER BY made_at DESC, id DESC";

    std::lock_guard lock(impl_->mutex);
    try {
        Poco::Data::Statement select(*impl_->session);
        select << sql;
        for (auto& a : args) select, use(a);
        select.execute();
        Poco::Data::RecordSet rows(select);
        std::vector<RegisterEntry> out;
        for (std::size_t r = 0; r < rows.rowCount(); ++r) {
            RegisterEntry e;
            std::string* fields[14] = {&e.run_id, &e.when,  &e.user, &e.council,       &e.person_id,       &e.kind,
                                       &e.lang,   &e.format, &e.file, &e.sha256, &e.template_path, &e.template_sha256,
                                       &e.content_version, &e.audience};
            for (std::size_t c = 0; c < 14; ++c) *fields[c] = rows.value(c, r).convert<std::string>();
            out.push_back(std::move(e));
        }
        return out;
    } catch (const Poco::Exception& e) {
        throw Failure(Location(), "cannot read the register " + impl_->connection + ": " + e.displayText());
    }
}

}  // namespace carepack

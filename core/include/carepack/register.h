// The register: a row for every personal document carepack makes (who made it, when, for whom,
// from which template and content version, and its checksum), so a council can always say what
// a young person was given. Kept through Poco::Data: SQLite by default, PostgreSQL for a shared
// deployment, chosen by a connection string.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carepack/date.h"

namespace carepack {

struct RegisterEntry {
    std::string run_id;      // one per command run: the rows of one batch share it
    std::string when;        // UTC, ISO 8601 (`2026-12-02T16:05:10.123Z`); set by record()
    std::string user;        // who ran the command (the login name)
    std::string council;     // authority.xml id
    std::string person_id;
    std::string kind;        // `pathway-plan`
    std::string lang;
    std::string format;      // `html`, `pdf`
    std::string file;        // where it was written (the pack's zip or folder file)
    std::string sha256;      // of the file's bytes
    std::string template_path;  // relative to carepack's data folder or the council's folder
    std::string template_sha256;
    std::string content_version;
    std::string audience;    // `young-person`, `professional`
};

struct RegisterFilter {
    std::string person_id;  // empty: everyone
    std::string kind;       // empty: every kind
    std::optional<Date> since, until;  // inclusive, by the UTC day the row was recorded
};

class Register {
public:
    // `sqlite:PATH` or `postgresql:host=... dbname=...`. The SQLite file and its folder are
    // created readable by their owner only. Throws Failure naming the connection when it cannot
    // be opened or is not one of those.
    explicit Register(const std::string& connection);
    ~Register();
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    // `--register`, else $CAREPACK_REGISTER, else sqlite at $XDG_DATA_HOME/carepack/register.sqlite
    // (~/.local/share/carepack/register.sqlite).
    static std::string default_connection(const std::string& given = {});
    // A fresh run id and the user running this process.
    static std::string new_run_id();
    static std::string current_user();

    // Inserts the rows in one transaction, stamping each with the current UTC time. Safe to call
    // from several threads: writes are serialized. Throws Failure when the database refuses.
    void record(std::vector<RegisterEntry> entries);

    // Newest first.
    std::vector<RegisterEntry> list(const RegisterFilter& filter) const;

    const std::string& connection() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace carepack

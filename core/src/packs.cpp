#include "carepack/packs.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipCommon.h>

#include "carepack/json.h"
#include "carepack/authority.h"
#include "carepack/locale.h"
#include "carepack/output.h"
#include "carepack/person_record.h"
#include "carepack/register.h"

namespace fs = std::filesystem;

namespace carepack {

std::vector<std::string> default_pack_kinds() { return {"pathway-plan", "health-passport", "pledge", "local-offer"}; }

std::string pack_name(std::string_view person_id) {
    // The same form output_file_name gives the id inside each file's name.
    std::string name = output_file_name("x", person_id, "x", "x");
    return name.substr(2, name.size() - 6);
}

std::string sha256_hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

int pdf_page_count(std::string_view pdf) {
    // The root of the page tree counts every page; inner nodes count fewer, so take the most.
    int most = 0;
    for (std::size_t at = pdf.find("/Type /Pages"); at != std::string_view::npos; at = pdf.find("/Type /Pages", at + 1)) {
        std::size_t open = pdf.rfind("<<", at);
        std::size_t close = pdf.find(">>", at);
        std::size_t count = pdf.find("/Count ", open == std::string_view::npos ? at : open);
        if (count == std::string_view::npos || count > close) continue;
        most = std::max(most, std::atoi(std::string(pdf.substr(count + 7, 12)).c_str()));
    }
    return most;
}

namespace {

}  // namespace

std::string pack_manifest(const std::string& person_id, const Date& date, const std::vector<PackFile>& files) {
    std::string out = "{\n";
    out += "  \"person\": " + json_string(person_id) + ",\n";
    out += "  \"date\": " + json_string(date.iso()) + ",\n";
    out += "  \"carepack\": " + json_string(CAREPACK_VERSION) + ",\n";
    out += "  \"files\": [";
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& f = files[i];
        out += i ? ",\n" : "\n";
        out += "    {\"name\": " + json_string(f.name) + ", \"kind\": " + json_string(f.kind) +
               ", \"lang\": " + json_string(f.lang) + ", \"format\": " + json_string(f.format) +
               ", \"bytes\": " + std::to_string(f.bytes) + ", \"sha256\": " + json_string(f.sha256);
        if (f.format == "pdf") out += ", \"pages\": " + std::to_string(f.pages);
        out += ", \"template\": " + json_string(f.template_path) + ", \"template_from\": " +
               json_string(f.template_source) + ", \"template_sha256\": " +
               json_string(f.template_sha256) + ", \"content_version\": " + json_string(f.content_version) +
               ", \"audience\": " + json_string(f.audience) + "}";
    }
    out += files.empty() ? "]\n" : "\n  ]\n";
    out += "}\n";
    return out;
}

namespace {

[[noreturn]] void fail_errno(const fs::path& where, const std::string& what) {
    throw Failure(Location::in_file(where.string()), what + ": " + std::strerror(errno));
}

// A personal file inside a pack's staging folder: owner-only from creation. It is flushed to
// disk later (sync_file), before the folder is renamed into place.
void write_owner_file(const fs::path& file, std::string_view bytes) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail_errno(file, "cannot create the file");
    ::fchmod(fd, 0600);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            errno = saved;
            fail_errno(file, "cannot write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) fail_errno(file, "cannot write");
}

void sync_file(const fs::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_errno(file, "cannot open the file to flush it");
    if (::fdatasync(fd) != 0) {
        int saved = errno;
        ::close(fd);
        errno = saved;
        fail_errno(file, "cannot flush the file to disk");
    }
    ::close(fd);
}

void make_owner_folder(const fs::path& folder) {
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) fail_errno(folder, "cannot create the folder");
    ::chmod(folder.c_str(), 0700);
}

void sync_folder(const fs::path& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

struct Batch {
    const Environment* env = nullptr;
    const PacksRequest* request = nullptr;
    const Authority* authority = nullptr;
    std::vector<std::string> kinds;
    std::string user;
    TemplateCache templates;
    std::mutex hashes_mutex;
    struct TemplateId {
        std::string path, source, sha256;
    };
    std::map<fs::path, TemplateId> template_ids;
    std::map<std::string, fs::path> claimed;  // pack name -> the record that has it

    // Two records with one id would write one pack over the other: the second is refused.
    std::optional<fs::path> claim(const std::string& name, const fs::path& record) {
        std::lock_guard lock(hashes_mutex);
        auto [it, fresh] = claimed.emplace(name, record);
        if (fresh) return std::nullopt;
        return it->second;
    }

    TemplateId template_id(const fs::path& file) {
        std::lock_guard lock(hashes_mutex);
        auto it = template_ids.find(file);
        if (it != template_ids.end()) return it->second;
        std::string source = "council";
        fs::path rel = file.lexically_relative(request->authority_dir);
        if (rel.empty() || *rel.begin() == "..") {
            source = "carepack";
            rel = file.lexically_relative(env->templates_dir.parent_path());
        }
        if (rel.empty() || *rel.begin() == "..") rel = file;
        std::string bytes;
        if (FILE* f = std::fopen(file.c_str(), "rb")) {
            char buf[65536];
            for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
            std::fclose(f);
        }
        return template_ids[file] = {rel.generic_string(), source, sha256_hex(bytes)};
    }
};

// Errors a render gives without a place (a kind refusing the person) are about this record.
void append_for_record(Diagnostics& to, const Diagnostics& from, const fs::path& record) {
    for (Diagnostic item : from.items()) {
        if (!item.where.known()) item.where = Location::in_file(record.string());
        to.add(std::move(item));
    }
}

std::vector<std::string> pack_languages(const Batch& batch, const Person& person, const fs::path& record, Diagnostics& d) {
    const std::string english = "en-GB";
    const std::string& wanted = person.preferred_language;
    if (wanted.empty() || wanted == english) return {english};
    const auto& offered = batch.authority->languages;
    bool council_offers = std::find(offered.begin(), offered.end(), wanted) != offered.end();
    bool have_catalog = false;
    try {
        have_catalog = batch.env->catalogs.find(wanted)->lang() == wanted;
    } catch (const Failure&) {
    }
    if (!council_offers || !have_catalog) {
        d.warning(Location(std::make_shared<const std::string>(record.string()), 0, 0, "$.preferred_language"),
                  "the preferred language '" + wanted + "' is not one " +
                      (council_offers ? std::string("carepack has a catalog for") : batch.authority->name + " offers") +
                      "; this pack is in English only");
        return {english};
    }
    return {wanted, english};
}

std::string zip_pack(const std::string& name, const Date& date, const std::vector<std::pair<std::string, std::string>>& files) {
    std::ostringstream out(std::ios::binary);
    // The as-of date, not the clock, so the same inputs give the same bytes.
    Poco::DateTime stamp(date.year(), date.month(), date.day());
    Poco::Zip::Compress zip(out, true);
    for (const auto& [file, bytes] : files) {
        std::istringstream in(bytes, std::ios::binary);
        // PDF streams are compressed already; deflating them again costs time for nothing.
        bool pdf = file.size() > 4 && file.compare(file.size() - 4, 4, ".pdf") == 0;
        zip.addFile(in, stamp, Poco::Path(name + "/" + file, Poco::Path::PATH_UNIX),
                    pdf ? Poco::Zip::ZipCommon::CM_STORE : Poco::Zip::ZipCommon::CM_DEFLATE,
                    Poco::Zip::ZipCommon::CL_NORMAL);
    }
    zip.close();
    return out.str();
}

// Moves the finished staging folder to `target`, swapping it with an older pack there in one
// step so that a reader sees the old pack or the new one, never neither or half.
void put_in_place(const fs::path& staging, const fs::path& target) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno != EEXIST) fail_errno(target, "cannot rename the finished pack into place");
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        fail_errno(target, "cannot replace the pack");
    std::error_code ec;
    fs::remove_all(staging, ec);  // now the old pack
}

// A pack made and written under its staging name, waiting to be flushed to disk, put in place
// and recorded. That waiting is for the disk, not the processor, so one finisher thread does it
// while the workers make the next packs.
struct PendingPack {
    std::size_t index = 0;
    PackOutcome out;
    std::function<void(PackOutcome&)> finish;  // empty when the pack failed
};

PendingPack make_pack(Batch& batch, const fs::path& record) {
    const PacksRequest& req = *batch.request;
    PendingPack pending;
    PackOutcome& out = pending.out;
    out.record = record;
    Diagnostics& d = out.diagnostics;
    try {
        PersonRecord person = load_person(record, d);
        out.person_id = person.person.id;
        if (d.has_errors()) return pending;
        if (out.person_id.empty()) {
            d.error(Location(std::make_shared<const std::string>(record.string()), 0, 0, "$.id"), "the record has no id");
            return pending;
        }
        if (auto other = batch.claim(pack_name(out.person_id), record)) {
            d.error(Location(std::make_shared<const std::string>(record.string()), 0, 0, "$.id"),
                    "the id '" + out.person_id + "' is also the id of " + other->string() + "; each pack needs its own");
            return pending;
        }
        auto langs = pack_languages(batch, person.person, record, d);

        std::vector<RenderedDocument> documents;
        for (const auto& kind : batch.kinds)
            for (const auto& lang : langs) {
                RenderJob job;
                job.kind = kind;
                job.authority_dir = req.authority_dir;
                job.person_file = record;
                job.person = &person;
                job.authority = batch.authority;
                job.templates = &batch.templates;
                job.lang = lang;
                job.formats = {"html", "pdf"};
                job.date = req.date;
                job.allow_draft_translations = req.allow_draft_translations;
                Diagnostics one;
                auto doc = render_in_memory(*batch.env, job, one);
                append_for_record(d, one, record);
                if (doc) documents.push_back(std::move(*doc));
            }
        if (d.has_errors()) return pending;

        const std::string name = pack_name(out.person_id);
        std::vector<std::pair<std::string, std::string>> contents;  // file name, bytes
        for (auto& doc : documents) {
            const auto tpl = batch.template_id(doc.template_file);
            for (std::size_t i = 0; i < doc.files.size(); ++i) {
                PackFile f;
                f.name = doc.file_name(i);
                f.kind = doc.kind;
                f.lang = doc.lang;
                f.format = doc.formats[i];
                f.bytes = doc.files[i].bytes.size();
                f.sha256 = sha256_hex(doc.files[i].bytes);
                if (f.format == "pdf") f.pages = pdf_page_count(doc.files[i].bytes);
                f.template_path = tpl.path;
                f.template_source = tpl.source;
                f.template_sha256 = tpl.sha256;
                f.content_version = doc.content_version;
                f.audience = std::string(audience_name(doc.audience));
                out.files.push_back(f);
                contents.emplace_back(f.name, std::move(doc.files[i].bytes));
            }
            ++out.documents;
        }
        documents.clear();
        contents.emplace_back("manifest.json", pack_manifest(out.person_id, req.date, out.files));

        const fs::path suffix = ".partial-" + std::to_string(::getpid());
        fs::path written, staging;
        std::error_code ec;
        if (req.zip) {
            written = req.output_dir / (name + ".zip");
            staging = req.output_dir / ("." + name + ".zip" + suffix.string());
            try {
                write_owner_file(staging, zip_pack(name, req.date, contents));
            } catch (...) {
                fs::remove(staging, ec);
                throw;
            }
        } else {
            written = req.output_dir / name;
            staging = req.output_dir / ("." + name + suffix.string());
            fs::remove_all(staging, ec);
            make_owner_folder(staging);
            try {
                for (const auto& [file, bytes] : contents) write_owner_file(staging / file, bytes);
            } catch (...) {
                fs::remove_all(staging, ec);
                throw;
            }
        }
        std::vector<std::string> names;
        for (const auto& c : contents) names.push_back(c.first);
        contents.clear();

        pending.finish = [&batch, staging, written, names](PackOutcome& out) {
            const PacksRequest& req = *batch.request;
            std::error_code ec;
            try {
                if (req.zip) {
                    sync_file(staging);
                    if (std::rename(staging.c_str(), written.c_str()) != 0)
                        fail_errno(written, "cannot rename the finished pack into place");
                } else {
                    for (const auto& n : names) sync_file(staging / n);
                    sync_folder(staging);
                    put_in_place(staging, written);
                }
                sync_folder(req.output_dir);
            } catch (...) {
                fs::remove_all(staging, ec);
                throw;
            }
            if (req.register_) {
                std::vector<RegisterEntry> rows;
                for (const auto& f : out.files) {
                    RegisterEntry e;
                    e.run_id = req.run_id;
                    e.user = batch.user;
                    e.council = batch.authority->id;
                    e.person_id = out.person_id;
                    e.kind = f.kind;
                    e.lang = f.lang;
                    e.format = f.format;
                    e.file = req.zip ? (fs::absolute(written).lexically_normal() / f.name).string()
                                     : fs::absolute(written / f.name).lexically_normal().string();
                    e.sha256 = f.sha256;
                    e.template_path = f.template_path;
                    e.template_sha256 = f.template_sha256;
                    e.content_version = f.content_version;
                    e.audience = f.audience;
                    rows.push_back(std::move(e));
                }
                req.register_->record(std::move(rows));
            }
            out.written = written;
        };
    } catch (const Failure& f) {
        append_for_record(d, f.diagnostics(), record);
    } catch (const std::exception& e) {
        d.error(Location::in_file(record.string()), e.what());
    }
    return pending;
}

}  // namespace

namespace {
// A pack left half-written by a run that was killed (`.<name>.partial-<pid>`) is removed by the
// next run, once no process of that id is running.
void remove_abandoned_packs(const fs::path& output_dir) {
    std::error_code ec;
    for (fs::directory_iterator it(output_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        auto at = name.rfind(".partial-");
        if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
        const std::string digits = name.substr(at + 9);
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const long pid = std::atol(digits.c_str());
        if (pid == ::getpid() || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}
}  // namespace

PacksSummary make_packs(const Environment& env, const PacksRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    PacksSummary summary;
    Diagnostics& d = summary.diagnostics;
    Batch batch;
    batch.env = &env;
    batch.request = &request;
    batch.kinds = request.kinds.empty() ? default_pack_kinds() : request.kinds;
    batch.user = Register::current_user();

    std::vector<fs::path> records;
    Authority authority;
    try {
        for (const char* format : {"html", "pdf"})
            if (!env.plugins.renderer_for(format))
                d.error(Location(), std::string("no renderer for the format '") + format + "' is loaded");
        for (const auto& kind : batch.kinds) {
            const DocumentKind* k = env.plugins.kind(kind);
            if (!k) {
                std::string have;
                for (const auto& id : env.plugins.kinds()) have += (have.empty() ? "" : ", ") + id;
                d.error(Location(), "no document kind '" + kind + "' is loaded (available: " + (have.empty() ? "none" : have) + ")");
            } else if (k->person_use() == DocumentKind::PersonUse::None) {
                d.error(Location(), "the " + kind + " is not a personal document and has no place in a pack");
            }
        }
        if (d.has_errors()) return summary;
        authority = Authority::load(request.authority_dir, d);
        if (d.has_errors()) return summary;
        // Once for the batch: every document of every pack reads the same content.
        for (const auto& kind : batch.kinds) env.plugins.kind(kind)->check_content(authority, d);
        if (d.has_errors()) return summary;
        batch.authority = &authority;

        std::error_code ec;
        if (!fs::is_directory(request.cases_dir, ec)) {
            d.error(Location::in_file(request.cases_dir.string()), "the case records folder does not exist");
            return summary;
        }
        for (const auto& e : fs::directory_iterator(request.cases_dir)) {
            auto ext = e.path().extension();
            if (e.is_regular_file() && (ext == ".json" || ext == ".xml")) records.push_back(e.path());
        }
        std::sort(records.begin(), records.end(),
                  [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
        if (!fs::exists(request.output_dir, ec)) {
            fs::create_directories(request.output_dir, ec);
            ::chmod(request.output_dir.c_str(), 0700);
        }
        if (!fs::is_directory(request.output_dir, ec)) {
            d.error(Location::in_file(request.output_dir.string()), "cannot create the output folder");
            return summary;
        }
        remove_abandoned_packs(request.output_dir);
    } catch (const Failure& f) {
        d.append(f.diagnostics());
        return summary;
    }

    summary.packs.resize(records.size());
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex queue_mutex;
    std::condition_variable queue_changed;
    std::deque<PendingPack> queue;
    bool workers_done = false;
    // Packs waiting for the disk hold no document bytes, but a short queue keeps the files in
    // flight (and the page cache they fill) few.
    const std::size_t most_waiting = 8;

    auto finisher = std::thread([&] {
        for (;;) {
            PendingPack p;
            {
                std::unique_lock lock(queue_mutex);
                queue_changed.wait(lock, [&] { return !queue.empty() || workers_done; });
                if (queue.empty()) return;
                p = std::move(queue.front());
                queue.pop_front();
            }
            queue_changed.notify_all();
            if (p.finish) {
                try {
                    p.finish(p.out);
                } catch (const Failure& f) {
                    append_for_record(p.out.diagnostics, f.diagnostics(), p.out.record);
                } catch (const std::exception& e) {
                    p.out.diagnostics.error(Location::in_file(p.out.record.string()), e.what());
                }
            }
            // Some errors are located in a template or the council's content: say whose pack
            // they stopped, at the record.
            if (!p.out.ok())
                p.out.diagnostics.error(Location::in_file(p.out.record.string()),
                                        "no pack was made" + (p.out.person_id.empty() ? std::string() : " for " + p.out.person_id) +
                                            " (" + std::to_string(p.out.diagnostics.error_count()) + " error" +
                                            (p.out.diagnostics.error_count() == 1 ? "" : "s") + " above)");
            ++done;
            const std::string id = p.out.person_id.empty() ? p.out.record.filename().string() : p.out.person_id;
            if (request.progress) request.progress(done, records.size(), id, p.out.ok());
            summary.packs[p.index] = std::move(p.out);
        }
    });
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < records.size();) {
            PendingPack p = make_pack(batch, records[i]);
            p.index = i;
            std::unique_lock lock(queue_mutex);
            queue_changed.wait(lock, [&] { return queue.size() < most_waiting; });
            queue.push_back(std::move(p));
            lock.unlock();
            queue_changed.notify_all();
        }
    };
    unsigned jobs = request.jobs ? request.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(records.size(), 1)));
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < jobs; ++i) workers.emplace_back(work);
    work();
    for (auto& t : workers) t.join();
    {
        std::lock_guard lock(queue_mutex);
        workers_done = true;
    }
    queue_changed.notify_all();
    finisher.join();

    for (const auto& p : summary.packs) {
        if (!p.ok()) {
            ++summary.failed;
            continue;
        }
        ++summary.made;
        summary.documents += p.documents;
        summary.files += p.files.size() + 1;  // and its manifest
        for (const auto& f : p.files) summary.pages += static_cast<std::size_t>(f.pages);
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace carepack

#include "carepack/output.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "carepack/diagnostics.h"

namespace carepack {

namespace {

// Writes every byte, resuming after interruptions; false with errno set on an error.
bool write_all(int fd, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& file, std::string_view bytes, Privacy privacy) {
    auto fail = [&](const std::string& what) {
        throw Failure(Location::in_file(file.string()), what + ": " + std::strerror(errno));
    };
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    std::string tmp = (file.parent_path() / ("." + file.filename().string() + ".partial-XXXXXX")).string();
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) fail("cannot create a file in " + file.parent_path().string());
    ::fchmod(fd, privacy == Privacy::OwnerOnly ? 0600 : 0644);
    if (!write_all(fd, bytes)) {
        int saved = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        errno = saved;
        fail("cannot write");
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int saved = errno;
        ::unlink(tmp.c_str());
        errno = saved;
        fail("cannot write");
    }
    if (std::rename(tmp.c_str(), file.c_str()) != 0) {
        int saved = errno;
        ::unlink(tmp.c_str());
        errno = saved;
        fail("cannot rename the finished file into place");
    }
}

void write_staged_file(const std::filesystem::path& file, std::string_view bytes) {
    auto fail = [&](const std::string& what) {
        throw Failure(Location::in_file(file.string()), what + ": " + std::strerror(errno));
    };
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot create the file");
    if (!write_all(fd, bytes)) {
        int saved = errno;
        ::close(fd);
        errno = saved;
        fail("cannot write");
    }
    if (::close(fd) != 0) fail("cannot write");
}

void flush_folder(const std::filesystem::path& folder) {
    // One syncfs for the file system the folder is on, rather than an fsync per file.
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::syncfs(fd) != 0) {
        int saved = errno;
        if (fd >= 0) ::close(fd);
        errno = saved;
        throw Failure(Location::in_file(folder.string()), std::string("cannot flush the folder to disk: ") + std::strerror(errno));
    }
    ::close(fd);
}

}  // namespace carepack

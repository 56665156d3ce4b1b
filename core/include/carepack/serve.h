// `carepack serve SITE`: a built site on a local address, for a person to look at before it is
// published. Static files only, read-only, never outside the folder; loopback unless told.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace carepack {

class SiteServer {
public:
    // Starts serving `root` on host:port (port 0: any free port). Throws Failure when the folder
    // is not a site or the address cannot be bound.
    SiteServer(const std::filesystem::path& root, const std::string& host, unsigned short port);
    ~SiteServer();
    SiteServer(const SiteServer&) = delete;
    SiteServer& operator=(const SiteServer&) = delete;

    unsigned short port() const;
    std::string url() const;  // http://127.0.0.1:PORT/
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The Content-Type a file is served with, from its extension.
std::string content_type_for(const std::filesystem::path& file);

// The file a request path names inside `root`: percent-decoded, `/` gives index.html, a folder
// gives its index.html. Empty when the path would leave the folder or names nothing there.
std::filesystem::path resolve_request(const std::filesystem::path& root, const std::string& request_path);

}  // namespace carepack

#include "carepack/serve.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>

#include <fstream>
#include <map>

#include "carepack/diagnostics.h"

namespace carepack {

std::string content_type_for(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
        {".xml", "application/xml"}, {".txt", "text/plain; charset=utf-8"},
        {".pdf", "application/pdf"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".woff2", "font/woff2"},
    };
    auto it = types.find(file.extension().string());
    return it == types.end() ? "application/octet-stream" : it->second;
}

std::filesystem::path resolve_request(const std::filesystem::path& root, const std::string& request_path) {
    std::string path;
    try {
        Poco::URI::decode(request_path.substr(0, request_path.find_first_of("?#")), path);
    } catch (...) {
        return {};
    }
    if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos) return {};
    std::filesystem::path relative = std::filesystem::path(path.substr(1)).lexically_normal();
    for (const auto& part : relative)
        if (part == "..") return {};
    std::error_code ec;
    const auto base = std::filesystem::weakly_canonical(root, ec);
    auto file = std::filesystem::weakly_canonical(base / relative, ec);
    if (ec) return {};
    if (std::filesystem::is_directory(file, ec)) file /= "index.html";
    // Inside the folder, after symbolic links are followed.
    auto [r, f] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
    if (r != base.end()) return {};
    if (!std::filesystem::is_regular_file(file, ec)) return {};
    return file;
}

namespace {

class FileHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit FileHandler(std::filesystem::path root) : root_(std::move(root)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        using Poco::Net::HTTPResponse;
        if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
            response.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
            response.set("Allow", "GET, HEAD");
            response.send() << "Only GET and HEAD.\n";
            return;
        }
        const std::string& uri = request.getURI();
        const auto file = resolve_request(root_, uri);
        if (file.empty()) {
            response.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
            response.setContentType("text/plain; charset=utf-8");
            response.send() << "Not found: " << uri << "\n";
            return;
        }
        // A folder asked for without its final slash (/en-GB): send the browser to /en-GB/, or
        // the page's relative links would resolve beside the folder instead of inside it.
        const auto path_end = uri.find_first_of("?#");
        const std::string path = uri.substr(0, path_end);
        if (path.back() != '/' && resolve_request(root_, path + "/") == file) {
            // Built from the folder found, not from the request, so it is always a path on
            // this server.
            const auto folder = file.parent_path().lexically_relative(std::filesystem::weakly_canonical(root_));
            std::string location;
            Poco::URI::encode("/" + (folder == "." ? std::string() : folder.generic_string() + "/"), "?#", location);
            if (path_end != std::string::npos && uri[path_end] == '?') location += uri.substr(path_end);
            response.setStatusAndReason(HTTPResponse::HTTP_MOVED_PERMANENTLY);
            response.set("Location", location);
            response.setContentType("text/plain; charset=utf-8");
            response.send() << "Moved to " << location << "\n";
            return;
        }
        std::ifstream in(file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        response.setContentType(content_type_for(file));
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Cache-Control", "no-store");
        response.setContentLength(static_cast<std::streamsize>(bytes.size()));
        auto& out = response.send();
        if (request.getMethod() == "GET") out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

private:
    std::filesystem::path root_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(std::filesystem::path root) : root_(std::move(root)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new FileHandler(root_);
    }

private:
    std::filesystem::path root_;
};

}  // namespace

struct SiteServer::Impl {
    std::string host;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    unsigned short port = 0;
    bool running = false;
};

SiteServer::SiteServer(const std::filesystem::path& root, const std::string& host, unsigned short port)
    : impl_(std::make_unique<Impl>()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(root / "index.html", ec))
        throw Failure(Location::in_file(root.string()), "not a built site: there is no index.html here (make one with `carepack publish`)");
    impl_->host = host;
    try {
        // Bound with SO_REUSEADDR but not SO_REUSEPORT (which Poco's address constructor also
        // sets): with it, a second server on a port in use would share the port, silently
        // splitting requests between two sites, instead of failing.
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress(host, port), true, false);
        socket.listen(64);
        impl_->port = socket.address().port();
        auto params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::filesystem::absolute(root)), socket, params);
        impl_->server->start();
        impl_->running = true;
    } catch (const Poco::Exception& e) {
        throw Failure(Location(), "cannot serve on " + host + ":" + std::to_string(port) + ": " + e.displayText());
    }
}

SiteServer::~SiteServer() { stop(); }

unsigned short SiteServer::port() const { return impl_->port; }

std::string SiteServer::url() const {
    const bool v6 = impl_->host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->port) + "/";
}

void SiteServer::stop() {
    if (impl_ && impl_->running) {
        impl_->server->stopAll(true);
        impl_->server.reset();  // closes the listening socket: stopping alone leaves it accepting
        impl_->running = false;
    }
}

}  // namespace carepack

#define BOOST_TEST_MODULE serve
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "carepack/diagnostics.h"
#include "carepack/serve.h"
#include "support.h"

using namespace carepack;
using namespace carepack::testing;
namespace fs = std::filesystem;

extern char** environ;

namespace {

// What no request may ever get back: it sits beside the site, not in it.
const std::string secret = "SECRET beside the site: 7f3a-do-not-serve";

// A small built site, with files of every type the publisher writes, and secrets around it.
struct SmallSite {
    TempDir dir;
    fs::path root = dir / "site";
    std::string pdf_bytes = std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", 29) + std::string(1, '\0') + "tail";

    SmallSite() {
        spit(root / "index.html", "<!DOCTYPE html><html lang=\"en-GB\"><title>Choose your language</title></html>\n");
        spit(root / "en-GB" / "index.html", "<!DOCTYPE html><html lang=\"en-GB\"><title>Our local offer</title></html>\n");
        spit(root / "en-GB" / "financial-literacy.html", "<p id=\"savings\">Savings boost</p>\n");
        spit(root / "en-GB" / "two words.html", "<p>A name with a space</p>\n");
        spit(root / "en-GB" / "search-index.js", "window.carepackSearchIndex = [];\n");
        spit(root / "en-GB" / "local-offer-en-GB.pdf", pdf_bytes);
        spit(root / "assets" / "site.css", "body { color: #0b0c0c; }\n");
        spit(root / "assets" / "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        spit(root / "open-referral" / "services.json", "{\"services\":[]}\n");
        spit(root / "sitemap.xml", "<?xml version=\"1.0\"?><urlset/>\n");
        spit(root / "robots.txt", "User-agent: *\n");
        fs::create_directories(root / "empty-folder");
        // Beside the root: a file, and a folder whose name starts with the root's.
        spit(dir / "secret.txt", secret);
        spit(dir / "site-private" / "secret.txt", secret);
        // Inside the root: links that lead out of it.
        fs::create_symlink(dir / "secret.txt", root / "linked-secret.txt");
        fs::create_directory_symlink(dir / "site-private", root / "linked-folder");
    }
};

struct Response {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string raw;
};

// One request over a plain socket, written byte for byte as given: no client library gets the
// chance to tidy `..` or percent-encoding away before the server sees it.
Response fetch(unsigned short port, const std::string& target, const std::string& method = "GET") {
    Response r;
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    BOOST_TEST_REQUIRE(fd >= 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        BOOST_FAIL("cannot connect to 127.0.0.1:" << port << ": " << std::strerror(errno));
    }
    const std::string request = method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                "\r\nConnection: close\r\n\r\n";
    BOOST_TEST_REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) r.raw.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);

    const auto head_end = r.raw.find("\r\n\r\n");
    const std::string head = r.raw.substr(0, head_end);
    r.body = head_end == std::string::npos ? std::string() : r.raw.substr(head_end + 4);
    std::istringstream lines(head);
    std::string line;
    if (std::getline(lines, line)) {
        auto space = line.find(' ');
        if (space != std::string::npos) r.status = std::atoi(line.c_str() + space + 1);
    }
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return r;
}

// Whether something accepts a TCP connection on address:port.
bool accepts(const std::string& ipv4, unsigned short port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, ipv4.c_str(), &address.sin_addr);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// This computer's IPv4 addresses other than loopback, if it has any.
std::vector<std::string> other_addresses() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
        char text[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
        if (std::string(text).rfind("127.", 0) != 0) out.emplace_back(text);
    }
    ::freeifaddrs(list);
    return out;
}

// Every way of asking for the secret from outside the root that a request could try.
std::vector<std::string> ways_out(const SmallSite& s) {
    const std::string absolute = (s.dir / "secret.txt").string();  // /tmp/carepack-test-.../secret.txt
    return {
        "/../secret.txt",
        "/en-GB/../../secret.txt",
        "/./../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/en-GB%2f..%2f..%2fsecret.txt",
        "/en-GB/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/../site-private/secret.txt",
        "/%2e%2e/site-private/secret.txt",
        "/" + absolute,                    // //tmp/...: an absolute path after the first slash
        "/%2f" + absolute.substr(1),       // the same with the slash encoded
        "/linked-secret.txt",              // a link in the root to a file outside it
        "/linked-folder/secret.txt",       // a link in the root to a folder outside it
        "/..%00/secret.txt",
        "/%00../secret.txt",
        "..%2fsecret.txt",
        "../secret.txt",
        "http://127.0.0.1/../secret.txt",  // the absolute form of a request target
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_types)

BOOST_AUTO_TEST_CASE(every_kind_of_file_the_site_has_gets_its_content_type) {
    BOOST_TEST(content_type_for("en-GB/index.html") == "text/html; charset=utf-8");
    BOOST_TEST(content_type_for("assets/site.css") == "text/css; charset=utf-8");
    BOOST_TEST(content_type_for("assets/search.js") == "text/javascript; charset=utf-8");
    BOOST_TEST(content_type_for("open-referral/services.json") == "application/json");
    BOOST_TEST(content_type_for("sitemap.xml") == "application/xml");
    BOOST_TEST(content_type_for("en-GB/local-offer-en-GB.pdf") == "application/pdf");
    BOOST_TEST(content_type_for("logo.svg") == "image/svg+xml");
    BOOST_TEST(content_type_for("robots.txt") == "text/plain; charset=utf-8");
    // Anything else is bytes, never something a browser would run.
    BOOST_TEST(content_type_for("notes.md") == "application/octet-stream");
    BOOST_TEST(content_type_for("Makefile") == "application/octet-stream");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resolving_requests)

BOOST_AUTO_TEST_CASE(a_folder_gives_its_index_and_a_file_itself) {
    SmallSite s;
    const fs::path root = fs::canonical(s.root);
    BOOST_TEST(resolve_request(s.root, "/") == root / "index.html");
    BOOST_TEST(resolve_request(s.root, "/en-GB/") == root / "en-GB" / "index.html");
    BOOST_TEST(resolve_request(s.root, "/en-GB") == root / "en-GB" / "index.html");
    BOOST_TEST(resolve_request(s.root, "/en-GB/financial-literacy.html") == root / "en-GB" / "financial-literacy.html");
    BOOST_TEST(resolve_request(s.root, "/en-GB/financial-literacy.html?q=money#savings") ==
               root / "en-GB" / "financial-literacy.html");
    BOOST_TEST(resolve_request(s.root, "/en-GB/two%20words.html") == root / "en-GB" / "two words.html");
    // Tidy paths that stay inside are fine.
    BOOST_TEST(resolve_request(s.root, "/en-GB/../assets/site.css") == root / "assets" / "site.css");
}

BOOST_AUTO_TEST_CASE(nothing_missing_or_malformed_resolves) {
    SmallSite s;
    BOOST_TEST(resolve_request(s.root, "/missing.html").empty());
    BOOST_TEST(resolve_request(s.root, "/en-GB/missing/").empty());
    BOOST_TEST(resolve_request(s.root, "/empty-folder/").empty());  // a folder with no index
    BOOST_TEST(resolve_request(s.root, "").empty());
    BOOST_TEST(resolve_request(s.root, "index.html").empty());
    BOOST_TEST(resolve_request(s.root, "/%zz").empty());  // not percent-encoding
}

BOOST_AUTO_TEST_CASE(no_request_resolves_outside_the_root) {
    SmallSite s;
    const fs::path root = fs::canonical(s.root);
    for (const auto& target : ways_out(s)) {
        const fs::path file = resolve_request(s.root, target);
        BOOST_TEST(file.empty(), target << " resolves to " << file);
        if (!file.empty()) BOOST_TEST(slurp(file) != secret, target);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(serving)

BOOST_AUTO_TEST_CASE(the_index_is_served_for_the_root_and_for_a_folder) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    auto home = fetch(server.port(), "/");
    BOOST_TEST(home.status == 200, home.raw);
    BOOST_TEST(home.body == slurp(s.root / "index.html"));
    BOOST_TEST(home.headers["content-type"] == "text/html; charset=utf-8");
    auto english = fetch(server.port(), "/en-GB/");
    BOOST_TEST(english.status == 200, english.raw);
    BOOST_TEST(english.body == slurp(s.root / "en-GB" / "index.html"));
    auto page = fetch(server.port(), "/en-GB/financial-literacy.html?q=savings");
    BOOST_TEST(page.status == 200, page.raw);
    BOOST_TEST(page.body == "<p id=\"savings\">Savings boost</p>\n");
    auto spaced = fetch(server.port(), "/en-GB/two%20words.html");
    BOOST_TEST(spaced.body == "<p>A name with a space</p>\n");
}

BOOST_AUTO_TEST_CASE(a_folder_asked_for_without_its_slash_is_redirected_so_relative_links_work) {
    // en-GB/index.html links `financial-literacy.html`; read at /en-GB that would be
    // /financial-literacy.html, which does not exist. At /en-GB/ it is the right page.
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    auto r = fetch(server.port(), "/en-GB");
    BOOST_TEST(r.status == 301, r.raw);
    BOOST_TEST(r.headers["location"] == "/en-GB/", r.raw);
    auto with_query = fetch(server.port(), "/en-GB?q=money");
    BOOST_TEST(with_query.status == 301, with_query.raw);
    BOOST_TEST(with_query.headers["location"] == "/en-GB/?q=money", with_query.raw);
    // A file is never redirected.
    BOOST_TEST(fetch(server.port(), "/en-GB/index.html").status == 200);
    BOOST_TEST(fetch(server.port(), "/sitemap.xml").status == 200);
}

BOOST_AUTO_TEST_CASE(each_file_is_served_whole_with_its_content_type) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    const std::vector<std::pair<std::string, std::string>> files = {
        {"/en-GB/financial-literacy.html", "text/html; charset=utf-8"},
        {"/assets/site.css", "text/css; charset=utf-8"},
        {"/en-GB/search-index.js", "text/javascript; charset=utf-8"},
        {"/open-referral/services.json", "application/json"},
        {"/sitemap.xml", "application/xml"},
        {"/en-GB/local-offer-en-GB.pdf", "application/pdf"},
        {"/assets/logo.svg", "image/svg+xml"},
        {"/robots.txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [target, type] : files) {
        BOOST_TEST_CONTEXT(target) {
            auto r = fetch(server.port(), target);
            BOOST_TEST(r.status == 200, r.raw);
            BOOST_TEST(r.headers["content-type"] == type);
            BOOST_TEST(r.headers["x-content-type-options"] == "nosniff");
            BOOST_TEST(r.body == slurp(s.root / target.substr(1)));
            BOOST_TEST(r.headers["content-length"] == std::to_string(r.body.size()));
        }
    }
    // Binary files byte for byte, NUL included.
    BOOST_TEST(fetch(server.port(), "/en-GB/local-offer-en-GB.pdf").body == s.pdf_bytes);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_not_found) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    for (const std::string target : {"/missing.html", "/en-GB/missing.html", "/cy/", "/empty-folder/"}) {
        auto r = fetch(server.port(), target);
        BOOST_TEST(r.status == 404, target << ": " << r.raw);
        BOOST_TEST(r.headers["content-type"] == "text/plain; charset=utf-8", target);
    }
}

BOOST_AUTO_TEST_CASE(no_request_ever_gets_a_file_from_outside_the_root) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    for (const auto& target : ways_out(s)) {
        BOOST_TEST_CONTEXT(target) {
            auto r = fetch(server.port(), target);
            BOOST_TEST(r.status != 200, r.raw);
            BOOST_TEST(r.status >= 300);  // an answer, not a dropped connection
            BOOST_TEST(r.raw.find("7f3a-do-not-serve") == std::string::npos, r.raw);
        }
    }
    // And the server is still there and well afterwards.
    BOOST_TEST(fetch(server.port(), "/").status == 200);
}

BOOST_AUTO_TEST_CASE(head_gives_the_headers_and_other_methods_are_refused) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    auto head = fetch(server.port(), "/en-GB/financial-literacy.html", "HEAD");
    BOOST_TEST(head.status == 200, head.raw);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(head.headers["content-length"] == std::to_string(slurp(s.root / "en-GB" / "financial-literacy.html").size()));
    for (const std::string method : {"POST", "PUT", "DELETE"}) {
        auto r = fetch(server.port(), "/index.html", method);
        BOOST_TEST(r.status == 405, method << ": " << r.raw);
        BOOST_TEST(r.headers["allow"] == "GET, HEAD", method);
    }
    BOOST_TEST(slurp(s.root / "index.html").find("Choose your language") != std::string::npos);  // read-only
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(addresses)

BOOST_AUTO_TEST_CASE(port_zero_picks_a_free_port_and_the_url_says_which) {
    SmallSite s;
    SiteServer server(s.root, "127.0.0.1", 0);
    BOOST_TEST(server.port() != 0);
    BOOST_TEST(server.url() == "http://127.0.0.1:" + std::to_string(server.port()) + "/");
    BOOST_TEST(fetch(server.port(), "/").status == 200);
    server.stop();
    BOOST_TEST(!accepts("127.0.0.1", server.port()));
    server.stop();  // twice is fine
}

BOOST_AUTO_TEST_CASE(a_port_in_use_is_an_error_not_a_second_server_sharing_it) {
    SmallSite first, second;
    spit(second.root / "index.html", "the other site\n");
    SiteServer server(first.root, "127.0.0.1", 0);
    BOOST_CHECK_THROW(SiteServer(second.root, "127.0.0.1", server.port()), Failure);
    // Every request still reaches the first.
    for (int i = 0; i < 8; ++i) BOOST_TEST(fetch(server.port(), "/").body == slurp(first.root / "index.html"));
}

BOOST_AUTO_TEST_CASE(a_folder_that_is_not_a_site_is_refused) {
    TempDir dir;
    spit(dir / "notes.txt", "not a site\n");
    try {
        SiteServer server(dir.path(), "127.0.0.1", 0);
        BOOST_FAIL("served a folder with no index.html");
    } catch (const Failure& f) {
        BOOST_TEST(std::string(f.what()).find("not a built site") != std::string::npos, f.what());
    }
}

BOOST_AUTO_TEST_CASE(the_command_listens_on_this_computer_only_unless_told) {
    SmallSite s;
    int out[2];
    BOOST_TEST_REQUIRE(::pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string command = carepack_command().string(), root = s.root.string();
    std::vector<std::string> args = {command, "serve", root, "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, command.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    BOOST_TEST_REQUIRE(spawned == 0);

    // "serving SITE at http://127.0.0.1:PORT/ (Ctrl+C stops it)"
    std::string said;
    for (int waited = 0; said.find('\n') == std::string::npos && waited < 100; ++waited) {
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            char buffer[512];
            ssize_t n = ::read(out[0], buffer, sizeof buffer);
            if (n <= 0) break;
            said.append(buffer, static_cast<std::size_t>(n));
        }
    }
    const std::string prefix = "at http://127.0.0.1:";
    const auto at = said.find(prefix);
    unsigned short port = 0;
    if (at != std::string::npos) port = static_cast<unsigned short>(std::stoi(said.substr(at + prefix.size())));
    BOOST_TEST(port != 0, said);
    BOOST_TEST(said.find("warning") == std::string::npos, said);  // loopback: nothing to warn about
    if (port != 0) {
        BOOST_TEST(fetch(port, "/en-GB/").body == slurp(s.root / "en-GB" / "index.html"));
        const auto others = other_addresses();
        if (others.empty()) BOOST_TEST_MESSAGE("this computer has no address but loopback; only loopback checked");
        for (const auto& address : others) BOOST_TEST(!accepts(address, port), "reachable at " << address << ":" << port);
    }

    // Stopped as Ctrl+C would: the process this test started, by its id.
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    for (char buffer[512];;) {
        ssize_t n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        said.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, said);
    BOOST_TEST(said.find("stopped") != std::string::npos, said);
    if (port != 0) BOOST_TEST(!accepts("127.0.0.1", port));
}

BOOST_AUTO_TEST_SUITE_END()

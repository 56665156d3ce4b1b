#include <cmath>
#include "html_renderer.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "carepack/colour.h"
#include "carepack/locale.h"

namespace carepack {

std::string HtmlRenderer::id() const { return "html"; }

std::string HtmlRenderer::summary() const {
    return "accessible HTML pages (WCAG 2.2 AA), standalone, right-to-left ready: the published format";
}

Capabilities HtmlRenderer::capabilities() const {
    Capabilities c;
    c.formats = {"html"};
    c.layouts = {"screen"};
    // The browser shapes and lays out every script; the page only has to name the language.
    c.scripts = {"any"};
    return c;
}

namespace html {

namespace {
bool ascii_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// What a browser does to an href before reading its scheme (WHATWG URL): strip leading and
// trailing C0 controls and spaces, remove every tab and newline. Checking the raw text
// instead would let `java&#9;script:` through.
std::string url_as_browser_reads_it(std::string_view href) {
    std::string s;
    for (char c : href)
        if (c != '\t' && c != '\n' && c != '\r') s += c;
    auto control_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!s.empty() && control_or_space(s.back())) s.pop_back();
    auto first = std::find_if_not(s.begin(), s.end(), control_or_space);
    s.erase(s.begin(), first);
    return s;
}

// The URL's scheme in lower case, or empty for a relative address or a fragment.
std::string scheme_of(std::string_view url) {
    auto end = url.find_first_of(":/?#");
    if (end == std::string_view::npos || end == 0 || url[end] != ':') return {};
    if (!ascii_alpha(static_cast<unsigned char>(url[0]))) return {};
    std::string scheme;
    for (char c : url.substr(0, end)) {
        auto u = static_cast<unsigned char>(c);
        if (!ascii_alpha(u) && !ascii_digit(u) && c != '+' && c != '-' && c != '.') return {};
        scheme += ascii_lower(c);
    }
    return scheme;
}

// Punctuation, spaces, symbols and marks outside the letters of any script: these separate
// words in a slug rather than appearing in it.
bool separator_code_point(char32_t cp) {
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
           (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0x060C ||
           cp == 0x061B || cp == 0x061C || cp == 0x061F || (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4 ||
           cp == 0x1361 || cp == 0x1362 || cp == 0x1363 || cp == 0x1364 || cp == 0xFEFF ||
           (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFFF0 && cp <= 0xFFFF) || cp >= 0x1F000;
}
}  // namespace

bool link_allowed(std::string_view href) {
    const std::string url = url_as_browser_reads_it(href);
    if (url.empty()) return false;
    const std::string scheme = scheme_of(url);
    return scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

std::string slug(std::string_view text) {
    constexpr std::size_t longest = 64;
    std::string out;
    bool pending_hyphen = false;
    auto keep = [&](std::string_view piece) {
        if (pending_hyphen && !out.empty()) out += '-';
        pending_hyphen = false;
        out += piece;
    };
    for (std::size_t i = 0; i < text.size() && out.size() < longest;) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (ascii_alpha(c) || ascii_digit(c)) {
                const char lower = ascii_lower(static_cast<char>(c));
                keep(std::string_view(&lower, 1));
            } else {
                pending_hyphen = true;
            }
            ++i;
            continue;
        }
        std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        char32_t cp = length == 4 ? c & 0x07u : length == 3 ? c & 0x0Fu : length == 2 ? c & 0x1Fu : 0xFFFDu;
        bool valid = length > 1 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto cont = static_cast<unsigned char>(text[i + k]);
            if ((cont & 0xC0) != 0x80) valid = false;
            cp = (cp << 6) | (cont & 0x3Fu);
        }
        if (!valid) {
            pending_hyphen = true;
            ++i;
            continue;
        }
        if (separator_code_point(cp))
            pending_hyphen = true;
        else
            keep(text.substr(i, length));
        i += length;
    }
    return out.empty() ? std::string("section") : out;
}

}  // namespace html

namespace {

using html::link_allowed;

// Text and attribute values, escaped for HTML and XML alike.
void append_escaped(std::string& out, std::string_view s) {
    for (char ch : s) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: {
                // C0 controls other than tab and newlines are not characters XML allows, and
                // HTML reports them (and DEL) as parse errors: they are dropped.
                const auto c = static_cast<unsigned char>(ch);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) break;
                out += ch;
            }
        }
    }
}

std::string base64(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

bool positive_integer(std::string_view s) {
    if (s.empty() || s.size() > 6) return false;
    if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    return s.find_first_not_of('0') != std::string_view::npos;
}

bool integer(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    return s;
}

// An image source that cannot run code or leave the page: web and relative addresses, and
// images embedded as data.
bool image_source_allowed(std::string_view src) {
    const std::string url = html::url_as_browser_reads_it(src);
    if (lower_ascii(url.substr(0, 11)) == "data:image/") return true;
    if (!link_allowed(url)) return false;
    const std::string scheme = html::scheme_of(url);
    return scheme != "mailto" && scheme != "tel";
}

// The renderer's own words. With no catalog (a caller that has none) they are English.
class Messages {
public:
    explicit Messages(const Catalog* catalog) : catalog_(catalog) {}

    std::string get(std::string_view id) const {
        if (catalog_) return catalog_->get(id);
        const auto& e = english();
        auto it = e.find(id);
        return it != e.end() ? std::string(it->second) : "[" + std::string(id) + "]";
    }

    std::string format(std::string_view id, const std::map<std::string, std::string>& args) const {
        if (catalog_) return catalog_->format(id, args);
        std::string s = get(id);
        for (const auto& [name, value] : args) {
            const std::string key = "{" + name + "}";
            for (auto p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size()))
                s.replace(p, key.size(), value);
        }
        return s;
    }

    // `22 November 2026`, in the order and words of the catalog's language.
    std::string long_date(const Date& d) const {
        return format("html-date", {{"day", std::to_string(d.day())},
                                    {"month", get("html-month-" + std::to_string(d.month()))},
                                    {"year", std::to_string(d.year())}});
    }

private:
    static const std::map<std::string_view, std::string_view, std::less<>>& english() {
        static const std::map<std::string_view, std::string_view, std::less<>> m = {
            {"html-skip-link", "Skip to main content"},
            {"html-contents", "Contents"},
            {"html-made-on", "Made on {date}"},
            {"html-version", "Version {version}"},
            {"html-review-date", "Next review: {date}"},
            {"html-table", "Table"},
            {"html-date", "{day} {month} {year}"},
            {"html-month-1", "January"},
            {"html-month-2", "February"},
            {"html-month-3", "March"},
            {"html-month-4", "April"},
            {"html-month-5", "May"},
            {"html-month-6", "June"},
            {"html-month-7", "July"},
            {"html-month-8", "August"},
            {"html-month-9", "September"},
            {"html-month-10", "October"},
            {"html-month-11", "November"},
            {"html-month-12", "December"},
        };
        return m;
    }

    const Catalog* catalog_;
};

// Ids on one page: each used once.
class IdSet {
public:
    bool reserve(const std::string& id) { return used_.insert(id).second; }
    std::string unique(const std::string& base) {
        if (reserve(base)) return base;
        for (int n = 2;; ++n)
            if (std::string candidate = base + "-" + std::to_string(n); reserve(candidate)) return candidate;
    }

private:
    std::set<std::string, std::less<>> used_;
};

// An id as HTML allows it: not empty, no white space.
std::string usable_id(std::string_view id) {
    std::string s;
    for (char c : id) s += (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') ? '-' : c;
    return s;
}

std::string ratio_text(double ratio) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f:1", ratio);
    return buffer;
}

class Attributes {
public:
    void add(std::string_view name, std::string_view value) { list_.emplace_back(name, value); }
    const std::vector<std::pair<std::string, std::string>>& list() const { return list_; }

private:
    std::vector<std::pair<std::string, std::string>> list_;
};

// The language and direction an element's content is in.
struct Context {
    std::string_view lang;
    Direction dir = Direction::LeftToRight;
};

// What surrounds the node being written.
struct Place {
    Context context;
    bool in_head_row_group = false;  // th defaults to scope="col" inside thead
    bool in_link = false;            // links cannot nest
    bool copy = false;               // a heading repeated in the contents: no ids, no links
};

class PageWriter {
public:
    PageWriter(const Document& doc, const RenderOptions& options, Diagnostics& diagnostics)
        : doc_(doc), options_(options), diagnostics_(diagnostics), messages_(options.catalog) {
        if (options.branding) branding_ = *options.branding;
        has_branding_ = options.branding != nullptr;
    }

    std::string write() {
        root_.lang = doc_.lang;
        root_.dir = doc_.dir;
        if (root_.lang.empty()) {
            diagnostics_.warning(doc_.where, "the document has no language; the page cannot say what language it is in");
            if (options_.catalog) root_.lang = options_.catalog->lang();
        }
        assign_ids();

        out_ += "<!DOCTYPE html>\n";
        Attributes html_attributes;
        // Polyglot markup names the XHTML namespace so the page reads the same as XML.
        html_attributes.add("xmlns", "http://www.w3.org/1999/xhtml");
        if (!root_.lang.empty()) html_attributes.add("lang", root_.lang);
        html_attributes.add("dir", direction_name(root_.dir));
        open("html", html_attributes);
        out_ += '\n';
        write_head();
        out_ += "<body>\n";
        write_skip_link();
        write_banner();
        write_site_navigation();
        write_main();
        write_footer();
        out_ += "</body>\n</html>\n";
        return std::move(out_);
    }

private:
    // ---- ids ----------------------------------------------------------------------------

    // Explicit ids first, across the whole page, so a generated id never takes one a
    // cross-reference points at; then generated ones, in document order.
    void assign_ids() {
        ids_.reserve("main");
        ids_.reserve("site-search-words");
        walk(doc_.body, [&](const Node& n, int) {
            const std::string* id = n.attribute("id");
            if (!id || id->empty()) return;
            const std::string wanted = usable_id(*id);
            if (ids_.reserve(wanted))
                node_ids_[&n] = wanted;
            else
                diagnostics_.warning(doc_.location_of(n), "the id '" + *id + "' is used more than once; this one is renamed");
        });
        walk(doc_.body, [&](const Node& n, int) {
            const std::string* id = n.attribute("id");
            if (id && !id->empty() && !node_ids_.count(&n)) node_ids_[&n] = ids_.unique(usable_id(*id));
            switch (n.kind) {
                case NodeKind::Heading:
                    if (!node_ids_.count(&n)) node_ids_[&n] = ids_.unique(html::slug(n.plain_text()));
                    if (n.level == 1) has_h1_ = true;
                    if (n.level == 2) contents_entries_.push_back(&n);
                    break;
                case NodeKind::Table:
                    if (const Node* caption = first_child(n, NodeKind::Caption); caption && !node_ids_.count(caption))
                        node_ids_[caption] = ids_.unique("table-" + html::slug(caption->plain_text()));
                    break;
                case NodeKind::Aside:
                    if (const std::string* title = n.attribute("title"); title && !title->empty())
                        generated_ids_[&n] = ids_.unique("callout-" + html::slug(*title));
                    break;
                case NodeKind::Contents:
                    generated_ids_[&n] = ids_.unique(html::slug(contents_title(n)));
                    break;
                default: break;
            }
        });
    }

    static const Node* first_child(const Node& n, NodeKind kind) {
        for (const auto& c : n.children)
            if (c.kind == kind) return &c;
        return nullptr;
    }

    const std::string* id_of(const Node& n) const {
        auto it = node_ids_.find(&n);
        return it == node_ids_.end() ? nullptr : &it->second;
    }

    std::string contents_title(const Node& n) const {
        const std::string* title = n.attribute("title");
        return title && !title->empty() ? *title : messages_.get("html-contents");
    }

    // ---- output primitives --------------------------------------------------------------

    void open(std::string_view tag, const Attributes& attributes, bool self_closing = false) {
        out_ += '<';
        out_ += tag;
        for (const auto& [name, value] : attributes.list()) {
            out_ += ' ';
            out_ += name;
            out_ += "=\"";
            append_escaped(out_, value);
            out_ += '"';
        }
        out_ += self_closing ? "/>" : ">";
    }

    void close(std::string_view tag) {
        out_ += "</";
        out_ += tag;
        out_ += '>';
    }

    void text(std::string_view s) { append_escaped(out_, s); }

    // The global attributes every element of the Document keeps, and the context its content
    // is in. lang and dir are written only where they change: a screen reader switches voice
    // at each lang, and a repeated one is noise.
    Context global_attributes(const Node& n, const Place& place, Attributes& a, std::string_view extra_class = {}) const {
        if (!place.copy)
            if (const std::string* id = id_of(n)) a.add("id", *id);
        std::string classes(extra_class);
        if (const std::string* c = n.attribute("class"); c && !c->empty()) classes += (classes.empty() ? "" : " ") + *c;
        if (!classes.empty()) a.add("class", classes);
        return language_attributes(n, place.context, a);
    }

    static Context language_attributes(const Node& n, const Context& parent, Attributes& a) {
        // A node the core left unresolved (no language) is in its parent's language.
        if (n.lang.empty()) return parent;
        if (n.lang != parent.lang) a.add("lang", n.lang);
        if (n.dir != parent.dir) a.add("dir", direction_name(n.dir));
        return Context{n.lang, n.dir};
    }

    // The renderer's own words are in the catalog's language, which may not be the
    // document's (a missing translation falls back to English).
    Context chrome_attributes(const Context& parent, Attributes& a) const {
        if (!options_.catalog || options_.catalog->lang().empty()) return parent;
        const Catalog& c = *options_.catalog;
        if (c.lang() != parent.lang) a.add("lang", c.lang());
        if (c.dir() != parent.dir) a.add("dir", direction_name(c.dir()));
        return Context{c.lang(), c.dir()};
    }

    // ---- head, banner, footer -----------------------------------------------------------

    std::string page_title() const {
        std::string title = doc_.title;
        if (title.empty())
            walk(doc_.body, [&](const Node& n, int) {
                if (title.empty() && n.kind == NodeKind::Heading && n.level == 1) title = n.plain_text();
            });
        if (has_branding_ && !branding_.council_name.empty())
            title += (title.empty() ? "" : " | ") + branding_.council_name;
        return title;
    }

    std::string checked_colour(std::string_view what, const std::string& value, const std::string& fallback) {
        if (parse_hex_colour(value)) return value;
        diagnostics_.warning(Location(), "the council's " + std::string(what) + " colour '" + value +
                                             "' is not a #rgb or #rrggbb colour; using " + fallback);
        return fallback;
    }

    // The council's colours as custom properties, after checking that what is drawn in them
    // can be read (WCAG 2.2 AA: 4.5:1 for text).
    std::string colour_properties() {
        const Branding defaults;
        const std::string brand = checked_colour("primary", branding_.primary_colour, defaults.primary_colour);
        const std::string on_brand = checked_colour("on-primary", branding_.on_primary_colour, defaults.on_primary_colour);
        const std::string accent = checked_colour("accent", branding_.accent_colour, defaults.accent_colour);
        const Rgb white{1, 1, 1};
        const Rgb focus_text = *parse_hex_colour("#0b0c0c");
        if (double r = contrast_ratio(*parse_hex_colour(on_brand), *parse_hex_colour(brand)); r < 4.5)
            diagnostics_.warning(Location(), "the banner's text colour " + on_brand + " on " + brand + " has a contrast of " +
                                                 ratio_text(r) + "; WCAG 2.2 AA needs 4.5:1");
        std::string link = brand;
        if (double r = contrast_ratio(*parse_hex_colour(brand), white); r < 4.5) {
            link = defaults.primary_colour;
            diagnostics_.warning(Location(), "the primary colour " + brand + " has a contrast of " + ratio_text(r) +
                                                 " on white, too little for links (4.5:1); links use " + link);
        }
        if (double r = contrast_ratio(*parse_hex_colour(accent), focus_text); r < 4.5)
            diagnostics_.warning(Location(), "the accent colour " + accent + " has a contrast of " + ratio_text(r) +
                                                 " with the focused link's text #0b0c0c; WCAG 2.2 AA needs 4.5:1");
        return ":root{--brand:" + brand + ";--on-brand:" + on_brand + ";--accent:" + accent + ";--link:" + link + "}\n";
    }

    void write_head() {
        out_ += "<head>\n<meta charset=\"utf-8\"/>\n";
        out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
        out_ += "<title>";
        text(page_title());
        out_ += "</title>\n<style>\n";
        out_ += colour_properties();
        out_ += html::page_css;
        if (!html::page_css.empty() && html::page_css.back() != '\n') out_ += '\n';
        out_ += "</style>\n";
        if (const SiteChrome* site = options_.site) {
            if (!site->canonical.empty()) {
                Attributes a;
                a.add("rel", "canonical");
                a.add("href", site->canonical);
                open("link", a, true);
                out_ += '\n';
            }
            for (const auto& alternate : site->alternates) {
                Attributes a;
                a.add("rel", "alternate");
                a.add("hreflang", alternate.lang);
                a.add("href", alternate.href);
                open("link", a, true);
                out_ += '\n';
            }
            for (const auto& script : site->scripts) {
                Attributes a;
                a.add("src", script);
                a.add("defer", "defer");
                open("script", a);
                out_ += "</script>\n";
            }
        }
        out_ += "</head>\n";
    }

    void write_skip_link() {
        Attributes a;
        a.add("class", "skip-link");
        a.add("href", "#main");
        chrome_attributes(root_, a);
        open("a", a);
        text(messages_.get("html-skip-link"));
        out_ += "</a>\n";
    }

    std::optional<std::string> logo_data_uri() {
        const auto& path = branding_.logo;
        if (path.empty()) return std::nullopt;
        const Location where = Location::in_file(path.string());
        const std::string extension = lower_ascii(path.extension().string());
        std::string mime;
        if (extension == ".svg")
            mime = "image/svg+xml";
        else if (extension == ".png")
            mime = "image/png";
        else if (extension == ".jpg" || extension == ".jpeg")
            mime = "image/jpeg";
        else {
            diagnostics_.warning(where, "the council's logo must be an .svg, .png or .jpg file; the page has no logo");
            return std::nullopt;
        }
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            diagnostics_.warning(where, "cannot read the council's logo (no such file); the page has no logo");
            return std::nullopt;
        }
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) {
            diagnostics_.warning(where, "cannot read the council's logo; the page has no logo");
            return std::nullopt;
        }
        if (bytes.empty()) {
            diagnostics_.warning(where, "the council's logo is an empty file; the page has no logo");
            return std::nullopt;
        }
        return "data:" + mime + ";base64," + base64(bytes);
    }

    void write_banner() {
        if (!has_branding_) return;
        const auto logo = logo_data_uri();
        const std::string& name = branding_.council_name;
        // A logo whose text alternative is the council's name already says it, to the eye
        // and to a screen reader: the name is not repeated beside it.
        const bool name_in_logo = logo && lower_ascii(branding_.logo_alt) == lower_ascii(name);
        if (!logo && name.empty()) return;
        out_ += "<header class=\"banner\">\n<div class=\"banner-inner\">\n";
        const bool home_link = options_.site && !options_.site->home_href.empty();
        if (home_link) {
            Attributes a;
            a.add("class", "home-link");
            a.add("href", options_.site->home_href);
            open("a", a);
        }
        if (logo) {
            Attributes a;
            a.add("class", "logo");
            a.add("src", *logo);
            a.add("alt", branding_.logo_alt);
            open("img", a, true);
            out_ += '\n';
        }
        if (!name.empty() && !name_in_logo) {
            out_ += home_link ? "<span class=\"council-name\">" : "<p class=\"council-name\">";
            text(name);
            out_ += home_link ? "</span>\n" : "</p>\n";
        }
        if (home_link) out_ += "</a>\n";
        if (options_.site) write_search_form(*options_.site);
        out_ += "</div>\n</header>\n";
    }

    // ---- a page of a website: navigation, languages, search ------------------------------

    void link_list(const std::vector<SiteLink>& links, bool hreflang) {
        out_ += "<ul>\n";
        for (const auto& l : links) {
            out_ += "<li>";
            Attributes a;
            a.add("href", l.href);
            if (!l.lang.empty() && l.lang != root_.lang) {
                a.add("lang", l.lang);
                if (language_direction(l.lang) != root_.dir) a.add("dir", direction_name(language_direction(l.lang)));
            }
            if (hreflang && !l.lang.empty()) a.add("hreflang", l.lang);
            if (l.current) a.add("aria-current", "page");
            open("a", a);
            text(l.label);
            out_ += "</a></li>\n";
        }
        out_ += "</ul>\n";
    }

    void write_search_form(const SiteChrome& site) {
        if (site.search_action.empty()) return;
        Attributes form;
        form.add("class", "site-search");
        form.add("role", "search");
        form.add("action", site.search_action);
        form.add("method", "get");
        chrome_attributes(root_, form);
        open("form", form);
        out_ += '\n';
        Attributes label;
        label.add("for", "site-search-words");
        open("label", label);
        text(site.search_label);
        out_ += "</label>\n";
        Attributes input;
        input.add("type", "search");
        input.add("id", "site-search-words");
        input.add("name", "q");
        input.add("autocomplete", "off");
        open("input", input, true);
        out_ += '\n';
        Attributes button;
        button.add("type", "submit");
        open("button", button);
        text(site.search_button);
        out_ += "</button>\n</form>\n";
    }

    // A named <nav> landmark holding a list of the site's links, in the chrome's language.
    void link_nav(std::string_view cls, std::string_view label, const std::vector<SiteLink>& links, bool hreflang,
                  const Context& parent) {
        Attributes a;
        a.add("class", cls);
        a.add("aria-label", label);
        chrome_attributes(parent, a);
        open("nav", a);
        out_ += '\n';
        link_list(links, hreflang);
        out_ += "</nav>\n";
    }

    void write_site_navigation() {
        const SiteChrome* site = options_.site;
        if (!site) return;
        if (site->languages.size() > 1) link_nav("site-languages", site->languages_label, site->languages, true, root_);
        if (!site->navigation.empty()) link_nav("site-nav", site->navigation_label, site->navigation, false, root_);
    }

    // A message with a date in it, the date marked up as <time>.
    void dated_message(std::string_view id, std::string_view placeholder, const Date& date) {
        static constexpr char marker = '\x01';
        const std::string message = messages_.format(std::string(id), {{std::string(placeholder), std::string(1, marker)}});
        const auto at = message.find(marker);
        text(message.substr(0, at));
        if (at == std::string::npos) return;
        Attributes a;
        a.add("datetime", date.iso());
        open("time", a);
        text(messages_.long_date(date));
        close("time");
        text(message.substr(at + 1));
    }

    void write_footer() {
        Attributes a;
        a.add("class", "page-footer");
        const Context inside = chrome_attributes(root_, a);
        open("footer", a);
        out_ += "\n<div class=\"footer-inner\">\n";
        if (has_branding_ && !branding_.council_name.empty()) {
            out_ += "<p class=\"council-name\">";
            text(branding_.council_name);
            out_ += "</p>\n";
        }
        if (has_branding_ && !branding_.website.empty()) {
            const std::string url = html::link_allowed(branding_.website) ? branding_.website : std::string();
            if (url.empty()) {
                diagnostics_.warning(Location(), "the council's website '" + branding_.website + "' is not a web address; it is left out");
            } else {
                std::string shown = url;
                for (std::string_view prefix : {"https://", "http://"})
                    if (lower_ascii(shown.substr(0, prefix.size())) == prefix) shown.erase(0, prefix.size());
                if (!shown.empty() && shown.back() == '/') shown.pop_back();
                Attributes link;
                link.add("href", url);
                out_ += "<p>";
                open("a", link);
                text(shown);
                out_ += "</a></p>\n";
            }
        }
        if (const SiteChrome* site = options_.site; site && !site->footer_links.empty())
            link_nav("footer-links", site->footer_label, site->footer_links, false, inside);
        out_ += "<ul class=\"document-meta\">\n";
        if (const SiteChrome* site = options_.site; site && site->reviewed && !site->reviewed_message.empty()) {
            out_ += "<li>";
            dated_message(site->reviewed_message, "date", *site->reviewed);
            out_ += "</li>\n";
        }
        if (auto it = doc_.meta.find("version"); it != doc_.meta.end() && !it->second.empty()) {
            out_ += "<li>";
            text(messages_.format("html-version", {{"version", it->second}}));
            out_ += "</li>\n";
        }
        if (auto it = doc_.meta.find("review-date"); it != doc_.meta.end() && !it->second.empty()) {
            out_ += "<li>";
            if (auto date = Date::parse_iso(it->second))
                dated_message("html-review-date", "date", *date);
            else
                text(messages_.format("html-review-date", {{"date", it->second}}));
            out_ += "</li>\n";
        }
        out_ += "<li>";
        dated_message("html-made-on", "date", options_.date);
        out_ += "</li>\n</ul>\n</div>\n</footer>\n";
    }

    // ---- the Document -------------------------------------------------------------------

    void write_main() {
        out_ += "<main id=\"main\">\n";
        if (!has_h1_ && !doc_.title.empty()) {
            // Every page has one top-level heading; a template without one gets the title.
            out_ += "<h1>";
            text(doc_.title);
            out_ += "</h1>\n";
        }
        Place place;
        place.context = root_;
        write_children(doc_.body, place);
        out_ += "</main>\n";
    }

    void write_children(const std::vector<Node>& nodes, const Place& place) {
        for (const auto& n : nodes) write_node(n, place);
    }

    // Opens a block element; its content starts on a new line when it is made of blocks.
    void open_block(std::string_view tag, const Attributes& a, const Node& n) {
        open(tag, a);
        if (!n.children.empty() && !is_inline(n.children.front().kind)) out_ += '\n';
    }

    void close_block(std::string_view tag) {
        close(tag);
        out_ += '\n';
    }

    // An element whose content is the node's children, block or inline.
    void element(std::string_view tag, const Node& n, const Place& place, Attributes a = {}, std::string_view extra_class = {}) {
        Attributes all;
        Place inner = place;
        inner.context = global_attributes(n, place, all, extra_class);
        for (const auto& attribute : a.list()) all.add(attribute.first, attribute.second);
        if (is_inline(n.kind)) {
            open(tag, all);
            write_children(n.children, inner);
            close(tag);
        } else {
            open_block(tag, all, n);
            write_children(n.children, inner);
            close_block(tag);
        }
    }

    void write_node(const Node& n, const Place& place) {
        switch (n.kind) {
            case NodeKind::Section: {
                Attributes a;
                if (const Node* heading = first_child(n, NodeKind::Heading))
                    if (const std::string* id = id_of(*heading)) a.add("aria-labelledby", *id);
                element("section", n, place, a);
                break;
            }
            case NodeKind::Heading: {
                const int level = std::clamp(n.level, 1, 6);
                element(std::string("h") + static_cast<char>('0' + level), n, place);
                break;
            }
            case NodeKind::Paragraph: element("p", n, place); break;
            case NodeKind::UnorderedList: element("ul", n, place); break;
            case NodeKind::OrderedList: {
                Attributes a;
                if (const std::string* start = n.attribute("start")) {
                    if (integer(*start))
                        a.add("start", *start);
                    else
                        diagnostics_.warning(doc_.location_of(n), "a list's start must be a whole number, not '" + *start + "'");
                }
                element("ol", n, place, a);
                break;
            }
            case NodeKind::ListItem: element("li", n, place); break;
            case NodeKind::DefinitionList: element("dl", n, place); break;
            case NodeKind::Term: element("dt", n, place); break;
            case NodeKind::Definition: element("dd", n, place); break;
            case NodeKind::Table: write_table(n, place); break;
            case NodeKind::Caption: element("caption", n, place); break;
            case NodeKind::TableHead: {
                Place head = place;
                head.in_head_row_group = true;
                element("thead", n, head);
                break;
            }
            case NodeKind::TableBody: {
                Place body = place;
                body.in_head_row_group = false;
                element("tbody", n, body);
                break;
            }
            case NodeKind::TableRow: element("tr", n, place); break;
            case NodeKind::HeaderCell: {
                Attributes a;
                std::string scope = n.attribute_or("scope", "");
                if (scope != "row" && scope != "col" && scope != "rowgroup" && scope != "colgroup") {
                    if (!scope.empty())
                        diagnostics_.warning(doc_.location_of(n), "a header cell's scope must be row, col, rowgroup or colgroup, not '" + scope + "'");
                    scope = place.in_head_row_group ? "col" : "row";
                }
                a.add("scope", scope);
                span_attributes(n, a);
                element("th", n, place, a);
                break;
            }
            case NodeKind::DataCell: {
                Attributes a;
                span_attributes(n, a);
                element("td", n, place, a);
                break;
            }
            case NodeKind::Figure: element("figure", n, place); break;
            case NodeKind::FigureCaption: element("figcaption", n, place); break;
            case NodeKind::Image: write_image(n, place); break;
            case NodeKind::Chart: write_chart(n, place); break;
            case NodeKind::BlockQuote: element("blockquote", n, place); break;
            case NodeKind::Aside: write_callout(n, place); break;
            case NodeKind::Contents: write_contents(n, place); break;
            case NodeKind::PageBreak: {
                Attributes a;
                global_attributes(n, place, a, "page-break");
                a.add("aria-hidden", "true");
                open("div", a);
                close_block("div");
                break;
            }
            case NodeKind::Signature: element("div", n, place, {}, "signature"); break;
            case NodeKind::Text: write_text(n, place); break;
            case NodeKind::Strong: element("strong", n, place); break;
            case NodeKind::Emphasis: element("em", n, place); break;
            case NodeKind::Link: write_link(n, place); break;
            case NodeKind::Span: element("span", n, place); break;
            case NodeKind::LineBreak: {
                Attributes a;
                global_attributes(n, place, a);
                open("br", a, true);
                break;
            }
            case NodeKind::Abbreviation: {
                Attributes a;
                if (const std::string* title = n.attribute("title"); title && !title->empty()) a.add("title", *title);
                element("abbr", n, place, a);
                break;
            }
            case NodeKind::Time: {
                Attributes a;
                if (const std::string* datetime = n.attribute("datetime"); datetime && !datetime->empty())
                    a.add("datetime", *datetime);
                element("time", n, place, a);
                break;
            }
            case NodeKind::Data: {
                Attributes a;
                a.add("value", n.attribute_or("value", ""));
                element("data", n, place, a);
                break;
            }
        }
    }

    void span_attributes(const Node& n, Attributes& a) {
        for (std::string_view name : {"colspan", "rowspan"}) {
            const std::string* value = n.attribute(name);
            if (!value) continue;
            if (positive_integer(*value))
                a.add(name, *value);
            else
                diagnostics_.warning(doc_.location_of(n), "a cell's " + std::string(name) + " must be a whole number above 0, not '" + *value + "'");
        }
    }

    void write_text(const Node& n, const Place& place) {
        Attributes a;
        language_attributes(n, place.context, a);
        // Text in another language than its element (which the core should not make) still
        // says so, in a span of its own.
        if (a.list().empty()) {
            text(n.text);
            return;
        }
        open("span", a);
        text(n.text);
        close("span");
    }

    void write_link(const Node& n, const Place& place) {
        const std::string* href = n.attribute("href");
        const bool usable = href && link_allowed(*href);
        if (!place.copy && !place.in_link) {
            if (!href || html::url_as_browser_reads_it(*href).empty())
                diagnostics_.warning(doc_.location_of(n), "a link has no address; its text is shown without a link");
            else if (!usable)
                diagnostics_.warning(doc_.location_of(n), "the link to '" + *href +
                                                              "' is dropped: a link may only use http, https, mailto or tel, "
                                                              "a fragment or a relative address; its text is shown without a link");
        }
        if (!usable || place.in_link || place.copy) {
            // The text stays, with its language, but is no longer a link.
            Attributes a;
            Place inner = place;
            inner.context = language_attributes(n, place.context, a);
            if (!a.list().empty()) open("span", a);
            write_children(n.children, inner);
            if (!a.list().empty()) close("span");
            return;
        }
        const std::string url = html::url_as_browser_reads_it(*href);
        Attributes a;
        Place inner = place;
        inner.in_link = true;
        inner.context = global_attributes(n, place, a);
        a.add("href", url);
        open("a", a);
        if (n.plain_text().empty())
            text(url);  // a link needs words a screen reader can say
        else
            write_children(n.children, inner);
        close("a");
    }

    // ---- charts -------------------------------------------------------------------------

    static std::string number_text(double v) {
        char buffer[32];
        if (std::fabs(v - std::round(v)) < 1e-9)
            std::snprintf(buffer, sizeof buffer, "%.0f", v);
        else
            std::snprintf(buffer, sizeof buffer, "%.1f", v);
        return buffer;
    }

    static std::string coordinate(double v) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.1f", v);
        std::string s = buffer;
        if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
        return s;
    }

    // The top of the value axis: the data's largest value rounded up to 1, 2 or 5 times a
    // power of ten, so the grid lines fall on round numbers.
    static double nice_ceiling(double v) {
        if (v <= 0) return 1;
        const double power = std::pow(10.0, std::floor(std::log10(v)));
        for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
            if (step * power >= v - 1e-9) return step * power;
        return 10 * power;
    }

    // A chart as an inline SVG image with its title and description, followed by the same
    // data as a table: the picture for those who see it, the table for everyone.
    void write_chart(const Node& n, const Place& place) {
        std::vector<std::string> problems;
        const auto data = chart_data(n, problems);
        for (const auto& p : problems) diagnostics_.warning(doc_.location_of(n), p);
        Attributes wrap;
        global_attributes(n, place, wrap, "chart");
        open("div", wrap);
        out_ += '\n';
        if (data) {
            const std::string base = ids_.unique("chart-" + html::slug(data->title.empty() ? "data" : data->title));
            const std::string title_id = base + "-title", desc_id = base + "-description";
            ids_.reserve(title_id);
            ids_.reserve(desc_id);
            // Palette: each colour at least 3:1 against white (WCAG 2.2, 1.4.11) and told apart
            // by the legend's words as well as by colour.
            static const char* palette[] = {"#1d4f91", "#b35000", "#00703c", "#6f2c91", "#a8072f", "#28566b"};
            const double width = 640, height = 300, left = 56, right = 16, top = 16, bottom = 56;
            const double legend = data->series.size() > 1 ? 28.0 * static_cast<double>(data->series.size()) : 0;
            double max_value = 0;
            for (const auto& s : data->values)
                for (double v : s) max_value = std::max(max_value, v);
            const double top_value = nice_ceiling(max_value);
            const double plot_w = width - left - right, plot_h = height - top - bottom;
            auto y_of = [&](double v) { return top + plot_h - (v / top_value) * plot_h; };
            out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-image\" role=\"img\" viewBox=\"0 0 " +
                    coordinate(width) + " " + coordinate(height + legend) + "\" aria-labelledby=\"" + title_id + " " +
                    desc_id + "\" focusable=\"false\">\n<title id=\"" + title_id + "\">";
            text(data->title);
            out_ += "</title>\n<desc id=\"" + desc_id + "\">";
            text(data->description);
            out_ += "</desc>\n<g aria-hidden=\"true\" font-size=\"12\" fill=\"#0b0c0c\">\n";
            for (int i = 0; i <= 4; ++i) {
                const double v = top_value * i / 4, y = y_of(v);
                out_ += "<line x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(width - right) + "\" y1=\"" + coordinate(y) +
                        "\" y2=\"" + coordinate(y) + "\" stroke=\"" + std::string(i == 0 ? "#0b0c0c" : "#b1b4b6") + "\"/>\n";
                out_ += "<text x=\"" + coordinate(left - 6) + "\" y=\"" + coordinate(y + 4) + "\" text-anchor=\"end\">";
                text(number_text(v) + data->unit);
                out_ += "</text>\n";
            }
            const std::size_t count = data->categories.size();
            const double slot = plot_w / static_cast<double>(count);
            for (std::size_t c = 0; c < count; ++c) {
                const double centre = left + slot * (static_cast<double>(c) + 0.5);
                out_ += "<text x=\"" + coordinate(centre) + "\" y=\"" + coordinate(top + plot_h + 18) + "\" text-anchor=\"middle\">";
                std::string label = data->categories[c];
                text(label);
                out_ += "</text>\n";
            }
            const std::size_t series_count = data->series.size();
            for (std::size_t s = 0; s < series_count; ++s) {
                const std::string colour = palette[s % (sizeof palette / sizeof *palette)];
                if (data->type == "bar") {
                    const double group = slot * 0.7, bar = group / static_cast<double>(series_count);
                    for (std::size_t c = 0; c < count; ++c) {
                        const double x = left + slot * static_cast<double>(c) + (slot - group) / 2 + bar * static_cast<double>(s);
                        const double v = data->values[s][c], y = y_of(std::max(0.0, v));
                        out_ += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) + "\" width=\"" + coordinate(bar * 0.9) +
                                "\" height=\"" + coordinate(top + plot_h - y) + "\" fill=\"" + colour + "\"/>\n";
                        out_ += "<text x=\"" + coordinate(x + bar * 0.45) + "\" y=\"" + coordinate(y - 4) + "\" text-anchor=\"middle\">";
                        text(number_text(v));
                        out_ += "</text>\n";
                    }
                } else {
                    std::string points;
                    for (std::size_t c = 0; c < count; ++c)
                        points += (points.empty() ? "" : " ") + coordinate(left + slot * (static_cast<double>(c) + 0.5)) + "," +
                                  coordinate(y_of(data->values[s][c]));
                    out_ += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"3\" points=\"" + points + "\"/>\n";
                    for (std::size_t c = 0; c < count; ++c) {
                        const double x = left + slot * (static_cast<double>(c) + 0.5), y = y_of(data->values[s][c]);
                        out_ += "<circle cx=\"" + coordinate(x) + "\" cy=\"" + coordinate(y) + "\" r=\"4\" fill=\"" + colour + "\"/>\n";
                        out_ += "<text x=\"" + coordinate(x) + "\" y=\"" + coordinate(y - 8) + "\" text-anchor=\"middle\">";
                        text(number_text(data->values[s][c]));
                        out_ += "</text>\n";
                    }
                }
            }
            // The legend: each series' colour beside its name.
            for (std::size_t s = 0; series_count > 1 && s < series_count; ++s) {
                const std::string colour = palette[s % (sizeof palette / sizeof *palette)];
                const double y = height + 28.0 * static_cast<double>(s) + 6;
                out_ += "<rect x=\"" + coordinate(left) + "\" y=\"" + coordinate(y) + "\" width=\"16\" height=\"16\" fill=\"" + colour + "\"/>\n";
                out_ += "<text x=\"" + coordinate(left + 24) + "\" y=\"" + coordinate(y + 13) + "\">";
                text(data->series[s]);
                out_ += "</text>\n";
            }
            out_ += "</g>\n</svg>\n";
        }
        for (const auto& c : n.children) write_node(c, place);
        out_ += "</div>\n";
    }

    void write_image(const Node& n, const Place& place) {
        const std::string src = n.attribute_or("src", "");
        const std::string* alt = n.attribute("alt");
        if (!alt)
            diagnostics_.warning(doc_.location_of(n), "an image has no alt text; it is treated as decoration");
        if (src.empty() || !image_source_allowed(src)) {
            diagnostics_.warning(doc_.location_of(n), src.empty() ? std::string("an image has no src; its alt text is shown instead")
                                                                  : "the image source '" + src + "' is not allowed; its alt text is shown instead");
            if (alt && !alt->empty()) {
                Attributes a;
                global_attributes(n, place, a);
                open("span", a);
                text(*alt);
                close("span");
            }
            return;
        }
        Attributes a;
        global_attributes(n, place, a);
        a.add("src", src);
        a.add("alt", alt ? *alt : std::string());
        for (std::string_view name : {"width", "height"}) {
            const std::string* value = n.attribute(name);
            if (!value) continue;
            if (positive_integer(*value))
                a.add(name, *value);
            else
                diagnostics_.warning(doc_.location_of(n), "an image's " + std::string(name) + " must be a whole number of pixels, not '" + *value + "'");
        }
        open("img", a, true);
        out_ += '\n';
    }

    // A table scrolls sideways in its own region rather than widening the page; the region
    // can take focus so it can be scrolled from the keyboard, and is named by the caption.
    void write_table(const Node& n, const Place& place) {
        const Node* caption = first_child(n, NodeKind::Caption);
        Attributes wrap;
        wrap.add("class", "table-wrap");
        wrap.add("role", "region");
        wrap.add("tabindex", "0");
        Place inner = place;
        inner.context = language_attributes(n, place.context, wrap);
        if (caption && id_of(*caption))
            wrap.add("aria-labelledby", *id_of(*caption));
        else
            wrap.add("aria-label", messages_.get("html-table"));
        open("div", wrap);
        out_ += '\n';

        Attributes table;
        if (const std::string* id = id_of(n)) table.add("id", *id);
        if (const std::string* c = n.attribute("class"); c && !c->empty()) table.add("class", *c);
        open("table", table);
        out_ += '\n';
        if (caption) write_node(*caption, inner);
        bool in_implicit_body = false;
        Place body = inner;
        body.in_head_row_group = false;
        for (const auto& child : n.children) {
            if (child.kind == NodeKind::Caption) {
                if (&child != caption)
                    diagnostics_.warning(doc_.location_of(child), "a table has more than one caption; only the first is kept");
                continue;
            }
            // Rows straight inside the table get the tbody an HTML parser would add, so the
            // page reads the same as XML.
            const bool row = child.kind == NodeKind::TableRow;
            if (row && !in_implicit_body) {
                out_ += "<tbody>\n";
                in_implicit_body = true;
            } else if (!row && in_implicit_body) {
                out_ += "</tbody>\n";
                in_implicit_body = false;
            }
            write_node(child, body);
        }
        if (in_implicit_body) out_ += "</tbody>\n";
        close_block("table");
        close_block("div");
    }

    void write_callout(const Node& n, const Place& place) {
        Attributes a;
        Place inner = place;
        inner.context = global_attributes(n, place, a, "callout");
        const std::string* title = n.attribute("title");
        auto generated = generated_ids_.find(&n);
        if (title && !title->empty() && generated != generated_ids_.end()) a.add("aria-labelledby", generated->second);
        open("aside", a);
        out_ += '\n';
        if (title && !title->empty()) {
            Attributes t;
            t.add("class", "callout-title");
            if (generated != generated_ids_.end()) t.add("id", generated->second);
            open("p", t);
            text(*title);
            close_block("p");
        }
        write_children(n.children, inner);
        close_block("aside");
    }

    // The contents, made from the document's h2 headings, so it always matches them.
    void write_contents(const Node& n, const Place& place) {
        if (contents_entries_.empty()) {
            diagnostics_.warning(doc_.location_of(n), "the contents has no h2 headings to list; it is left out");
            return;
        }
        const std::string& heading_id = generated_ids_.at(&n);
        Attributes a;
        Place inner = place;
        inner.context = global_attributes(n, place, a, "contents");
        a.add("aria-labelledby", heading_id);
        open("nav", a);
        out_ += '\n';
        Attributes h;
        h.add("id", heading_id);
        if (!n.attribute("title")) chrome_attributes(inner.context, h);
        open("h2", h);
        text(contents_title(n));
        close_block("h2");
        out_ += "<ol>\n";
        for (const Node* heading : contents_entries_) {
            out_ += "<li>";
            Attributes link;
            Place copy = inner;
            copy.copy = true;
            copy.context = language_attributes(*heading, inner.context, link);
            link.add("href", "#" + *id_of(*heading));
            open("a", link);
            write_children(heading->children, copy);
            close("a");
            out_ += "</li>\n";
        }
        out_ += "</ol>\n";
        close_block("nav");
    }

    const Document& doc_;
    const RenderOptions& options_;
    Diagnostics& diagnostics_;
    Messages messages_;
    Branding branding_;
    bool has_branding_ = false;
    Context root_;
    IdSet ids_;
    std::map<const Node*, std::string> node_ids_;       // ids the elements themselves carry
    std::map<const Node*, std::string> generated_ids_;  // ids of what the renderer adds inside
    std::vector<const Node*> contents_entries_;
    bool has_h1_ = false;
    std::string out_;
};

}  // namespace

RenderedFile HtmlRenderer::render(const Document& doc, const RenderOptions& options, Diagnostics& diagnostics) const {
    if (!options.layout.empty() && options.layout != "screen")
        diagnostics.warning(doc.where, "the html renderer has one layout, screen; '" + options.layout + "' is ignored");
    PageWriter writer(doc, options, diagnostics);
    return RenderedFile{"html", writer.write()};
}

}  // namespace carepack

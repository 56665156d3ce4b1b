// The HTML renderer: a Document as one standalone, accessible page (WCAG 2.2 AA), the
// primary published form of every carepack document.
//
// The page is polyglot HTML5: it parses the same as HTML and as XML, so tests and later
// stages can read it with an XML parser. It carries its own style sheet and logo (no files
// beside it), needs no JavaScript, and is byte-for-byte the same for the same Document and
// options.
#pragma once

#include <string>
#include <string_view>

#include "carepack/plugin.h"

namespace carepack {

class HtmlRenderer : public Renderer {
public:
    std::string id() const override;
    std::string summary() const override;
    Capabilities capabilities() const override;
    RenderedFile render(const Document& doc, const RenderOptions& options,
                        Diagnostics& diagnostics) const override;
};

namespace html {

// The page style, page.css, compiled into the plugin.
extern const std::string_view page_css;

// Whether a link may point at `href`: http, https, mailto and tel addresses, fragments and
// relative addresses. Any other scheme (javascript:, data:, vbscript: ...) may run code or
// hide content, so the link is dropped.
bool link_allowed(std::string_view href);

// A fragment id made from heading text: lower case, runs of anything but letters and digits
// made one hyphen; letters of other scripts kept as they are. `section` when nothing is left.
std::string slug(std::string_view text);

}  // namespace html
}  // namespace carepack
